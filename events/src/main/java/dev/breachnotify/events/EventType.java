package dev.breachnotify.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiConsumer;

/**
 * The catalogue of event types: wire name, topic, payload class and current schema version, plus the
 * upcasters that bring an older payload to the current shape before it is bound.
 */
public enum EventType {
    PRACTICE_REGISTERED("practice.registered", Topic.PRACTICES, PracticeRegistered.class, 1),
    PRACTICE_UPDATED("practice.updated", Topic.PRACTICES, PracticeUpdated.class, 1),
    ADVISORY_PUBLISHED("advisory.published", Topic.ADVISORIES, AdvisoryPublished.class, 3),
    ADVISORY_RETRACTED("advisory.retracted", Topic.ADVISORIES, AdvisoryRetracted.class, 2),
    NOTIFICATION_REQUESTED("notification.requested", Topic.NOTIFICATIONS, NotificationRequested.class, 1),
    EMAIL_SENT("email.sent", Topic.DELIVERIES, EmailSent.class, 2),
    EMAIL_DEFERRED("email.deferred", Topic.DELIVERIES, EmailDeferred.class, 1),
    EMAIL_FAILED("email.failed", Topic.DELIVERIES, EmailFailed.class, 2),
    EMAIL_BOUNCED("email.bounced", Topic.DELIVERIES, EmailBounced.class, 1),
    ACKNOWLEDGEMENT_RECORDED("acknowledgement.recorded", Topic.ACKNOWLEDGEMENTS, AcknowledgementRecorded.class, 1),
    CREDENTIAL_ROTATION_CONFIRMED(
            "credential.rotation.confirmed", Topic.ACKNOWLEDGEMENTS, CredentialRotationConfirmed.class, 1),
    ACKNOWLEDGEMENT_PAGE_VISITED("acknowledgement.page.visited", Topic.ACKNOWLEDGEMENTS, PageVisited.class, 1),
    AUDIT_EXPORTED("audit.exported", Topic.AUDIT, AuditExported.class, 1),
    AUDIT_SIGNING_KEY_CHANGED("audit.signing.key.changed", Topic.AUDIT, AuditSigningKeyChanged.class, 1),
    LETTER_RENDERED("letter.rendered", Topic.DELIVERIES, LetterRendered.class, 1),
    LETTER_HANDED_TO_PRINTER("letter.handed.to.printer", Topic.DELIVERIES, LetterHandedToPrinter.class, 1),
    LETTER_POSTED("letter.posted", Topic.DELIVERIES, LetterPosted.class, 1),
    RECORD_DEAD_LETTERED("record.dead.lettered", Topic.DELIVERIES, RecordDeadLettered.class, 1),
    DEAD_LETTER_REPLAYED("dead.letter.replayed", Topic.DELIVERIES, DeadLetterReplayed.class, 1),
    ESCALATION_STEP_FIRED("escalation.step.fired", Topic.ESCALATIONS, EscalationStepFired.class, 1),
    ESCALATION_PAUSED("escalation.paused", Topic.ESCALATIONS, EscalationPaused.class, 1),
    ESCALATION_RESUMED("escalation.resumed", Topic.ESCALATIONS, EscalationResumed.class, 1),
    PRACTICE_EXCLUDED("practice.excluded", Topic.ESCALATIONS, PracticeExcluded.class, 1),
    ADVISORY_FINAL_LIST("advisory.final.list", Topic.ESCALATIONS, AdvisoryFinalList.class, 1),
    PARTNER_REGISTERED("partner.registered", Topic.PRACTICES, PartnerRegistered.class, 1),
    PARTNER_UPDATED("partner.updated", Topic.PRACTICES, PartnerUpdated.class, 1),
    PARTNER_NOTIFICATION_REQUESTED(
            "partner.notification.requested", Topic.NOTIFICATIONS, PartnerNotificationRequested.class, 1),
    PARTNER_RESPONSIBILITY_DECLINED(
            "partner.responsibility.declined", Topic.ACKNOWLEDGEMENTS, PartnerResponsibilityDeclined.class, 1);

    private final String wireName;
    private final Topic topic;
    private final Class<? extends EventPayload> payloadClass;
    private final int currentVersion;

    EventType(String wireName, Topic topic, Class<? extends EventPayload> payloadClass, int currentVersion) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadClass = payloadClass;
        this.currentVersion = currentVersion;
    }

    public String wireName() {
        return wireName;
    }

    public Topic topic() {
        return topic;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    public int currentVersion() {
        return currentVersion;
    }

    /**
     * The Kafka key: the practice for per-practice events, the partner for a partner's entries and mails, else the
     * advisory; an export, its user.
     */
    String keyOf(EventPayload payload) {
        if (payload instanceof AuditExported exported) {
            return exported.exportedBy(); // one user's exports in order; an export of everything has no advisory
        }
        if (payload instanceof AuditSigningKeyChanged changed) {
            return changed.origin(); // a log's key changes in order
        }
        if (payload instanceof RecordDeadLettered deadLettered) {
            return deadLettered.deadLetterId().toString();
        }
        if (payload instanceof PartnerRegistered registered) {
            return registered.partner().partnerId(); // a partner's entries in order
        }
        if (payload instanceof PartnerUpdated updated) {
            return updated.partner().partnerId();
        }
        if (payload instanceof PartnerNotificationRequested notification) {
            return notification.partnerId(); // a partner's mails in order
        }
        if (payload instanceof DeadLetterReplayed replayed) {
            return replayed.deadLetterId().toString();
        }
        return payload.practiceId() != null ? payload.practiceId() : payload.advisoryId();
    }

    /** The type of a payload. */
    public static EventType of(EventPayload payload) {
        for (EventType type : values()) {
            if (type.payloadClass == payload.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "no event type for " + payload.getClass().getName());
    }

    /** The type with the given wire name. */
    public static EventType fromWireName(String wireName) {
        for (EventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new UnknownEventTypeException(wireName);
    }

    /**
     * Brings a payload written at {@code fromVersion} to the current version, in place. Each step is one
     * schema change, documented in {@code docs/events.md}.
     */
    void upcast(ObjectNode payload, int fromVersion) {
        for (int version = fromVersion; version < currentVersion; version++) {
            upcasterFrom(version).accept(this, payload);
        }
    }

    private BiConsumer<EventType, ObjectNode> upcasterFrom(int version) {
        if (this == ADVISORY_PUBLISHED && version == 1) {
            // v2 added "channels"; every v1 advisory went out by email only.
            return (type, node) -> {
                if (!node.has("channels")) {
                    node.putArray("channels").add(Channel.EMAIL.name());
                }
            };
        }
        if (this == ADVISORY_PUBLISHED && version == 2) {
            // v3 added "summary" and "guides"; a v2 advisory had neither.
            return (type, node) -> {
                if (!node.has("summary")) {
                    node.putObject("summary");
                }
                if (!node.has("guides")) {
                    node.putArray("guides");
                }
            };
        }
        if (this == EMAIL_SENT && version == 1) {
            // v2 added "possibleDuplicate"; v1 did not mark re-sends after a crash.
            return (type, node) -> {
                if (!node.has("possibleDuplicate")) {
                    node.put("possibleDuplicate", false);
                }
            };
        }
        if (this == EMAIL_FAILED && version == 1) {
            // v2 added "retriesExpired"; in v1 "permanent: false" meant that the retries were exhausted.
            return (type, node) -> {
                if (!node.has("retriesExpired")) {
                    node.put("retriesExpired", !node.path("permanent").asBoolean(false));
                }
            };
        }
        if (this == ADVISORY_RETRACTED && version == 1) {
            // v2 added "handedToPrinter"; v1 did not name the print batches out before the withdrawal.
            return (type, node) -> {
                if (!node.has("handedToPrinter")) {
                    node.putArray("handedToPrinter");
                }
            };
        }
        throw new IllegalStateException("no upcaster for " + wireName + " v" + version);
    }

    /** Thrown for an event whose type this version of the contracts does not know. */
    public static final class UnknownEventTypeException extends IllegalArgumentException {
        public UnknownEventTypeException(String wireName) {
            super("unknown event type: " + wireName);
        }
    }
}
