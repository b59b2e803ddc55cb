package dev.breachnotify.audit.log;

/**
 * The topics the audit log reads: every topic of {@link dev.breachnotify.events.Topic}, spelled out because an
 * annotation needs constants. {@code AuditTopicsTest} fails when the catalogue and the listener's
 * {@code @Topic} part ways.
 */
final class AuditTopics {

    static final String PRACTICES = "breachnotify.practices.v1";
    static final String ADVISORIES = "breachnotify.advisories.v1";
    static final String NOTIFICATIONS = "breachnotify.notifications.v1";
    static final String DELIVERIES = "breachnotify.deliveries.v1";
    static final String ACKNOWLEDGEMENTS = "breachnotify.acknowledgements.v1";
    static final String AUDIT = "breachnotify.audit.v1";
    static final String ESCALATIONS = "breachnotify.escalations.v1";

    private AuditTopics() {
    }
}
