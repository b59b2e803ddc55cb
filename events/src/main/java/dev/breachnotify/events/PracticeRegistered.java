package dev.breachnotify.events;

/** A practice entered the directory. */
public record PracticeRegistered(Practice practice) implements EventPayload {

    @Override
    public String practiceId() {
        return practice.practiceId();
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
