package dev.breachnotify.events;

import java.util.UUID;

/**
 * An operator put a dead letter back on its topic, unchanged and with its key, after fixing what made it fail.
 * Key: the dead letter's id.
 *
 * @param deadLetterId the dead letter
 * @param topic        where it was written again
 * @param partition    the partition of the new copy
 * @param offset       the offset of the new copy
 * @param replayedBy   the user
 */
public record DeadLetterReplayed(UUID deadLetterId, String topic, int partition, long offset, String replayedBy)
        implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
