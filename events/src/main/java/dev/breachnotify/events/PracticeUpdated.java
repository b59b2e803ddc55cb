package dev.breachnotify.events;

import java.util.List;

/** A practice's directory entry changed; {@code changedFields} names what changed. */
public record PracticeUpdated(Practice practice, List<String> changedFields) implements EventPayload {

    @Override
    public String practiceId() {
        return practice.practiceId();
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
