package dev.breachnotify.events;

import java.util.List;

/** An IT service partner's directory entry changed; {@code changedFields} names what changed. Key: the partner id. */
public record PartnerUpdated(Partner partner, List<String> changedFields) implements EventPayload {

    public PartnerUpdated {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }

    @Override
    public String practiceId() {
        return null;
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
