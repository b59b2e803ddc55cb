package dev.breachnotify.events;

/** The communications team paused an advisory's escalation: no step fires until it is resumed. */
public record EscalationPaused(String advisoryId, String pausedBy, String reason) implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }
}
