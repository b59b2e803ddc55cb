package dev.breachnotify.events;

import java.util.Arrays;
import java.util.List;

/**
 * Every topic, declared once, with its single writer. See {@code docs/events.md} for readers and payloads.
 * The {@code .v1} suffix is the topic's contract generation; payload evolution within it is by
 * {@link EventEnvelope#schemaVersion()}.
 */
public enum Topic {
    /** Practice directory changes. Key: practice id. */
    PRACTICES(Names.PRACTICES, "notifier-service"),
    /** Advisories as published. Key: advisory id. */
    ADVISORIES(Names.ADVISORIES, "notifier-service"),
    /** One notification per targeted practice and step. Key: practice id. */
    NOTIFICATIONS(Names.NOTIFICATIONS, "notifier-service"),
    /**
     * What happened to each email (sent, deferred, failed) and each letter (rendered, handed over, posted).
     * Key: practice id.
     */
    DELIVERIES(Names.DELIVERIES, "notifier-service"),
    /** Acknowledgements and credential confirmations from the practices. Key: practice id. */
    ACKNOWLEDGEMENTS(Names.ACKNOWLEDGEMENTS, "ack-service"),
    /** What was done with the audit log itself: its exports. Key: the user. */
    AUDIT(Names.AUDIT, "audit-service"),
    /**
     * The escalation chain's decisions: steps fired, pauses, exclusions, the final list. Key: the advisory id, or
     * the practice id for a practice's exclusion.
     */
    ESCALATIONS(Names.ESCALATIONS, "notifier-service");

    /** The topic names as compile-time constants, for annotations such as {@code @Topic}. */
    public static final class Names {
        public static final String PRACTICES = "breachnotify.practices.v1";
        public static final String ADVISORIES = "breachnotify.advisories.v1";
        public static final String NOTIFICATIONS = "breachnotify.notifications.v1";
        public static final String DELIVERIES = "breachnotify.deliveries.v1";
        public static final String ACKNOWLEDGEMENTS = "breachnotify.acknowledgements.v1";
        public static final String AUDIT = "breachnotify.audit.v1";
        public static final String ESCALATIONS = "breachnotify.escalations.v1";

        private Names() {}
    }

    private final String topicName;
    private final String writer;

    Topic(String topicName, String writer) {
        this.topicName = topicName;
        this.writer = writer;
    }

    /** The Kafka topic name. */
    public String topicName() {
        return topicName;
    }

    /** The one service allowed to write to this topic. */
    public String writer() {
        return writer;
    }

    /** All topic names, for consumers that read everything (the audit log). */
    public static List<String> allNames() {
        return Arrays.stream(values()).map(Topic::topicName).toList();
    }

    /** The topic with the given Kafka name. */
    public static Topic fromName(String topicName) {
        for (Topic topic : values()) {
            if (topic.topicName.equals(topicName)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("unknown topic: " + topicName);
    }
}
