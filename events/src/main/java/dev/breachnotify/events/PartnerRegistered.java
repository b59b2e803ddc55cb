package dev.breachnotify.events;

/** An IT service partner entered the directory. Key: the partner id. */
public record PartnerRegistered(Partner partner) implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
