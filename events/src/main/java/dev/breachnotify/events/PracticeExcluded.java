package dev.breachnotify.events;

/**
 * The communications team took a practice out of an advisory's escalation (e.g. it confirmed by phone): no
 * further reminder or letter, and it is not on the final list.
 *
 * @param reason why, as the user gave it
 */
public record PracticeExcluded(String advisoryId, String practiceId, String reason, String excludedBy)
        implements EventPayload {}
