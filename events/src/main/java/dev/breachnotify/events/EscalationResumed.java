package dev.breachnotify.events;

/** The communications team resumed a paused escalation; steps that fell due meanwhile fire now. */
public record EscalationResumed(String advisoryId, String resumedBy) implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }
}
