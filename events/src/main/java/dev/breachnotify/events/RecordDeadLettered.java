package dev.breachnotify.events;

import java.util.UUID;

/**
 * A consumer set a record aside that it cannot process (not a readable event): it is kept, with its value, in the
 * consuming service's dead-letter store, where an operator lists and replays it; the consumer goes on with the
 * next record instead of retrying forever. The value is not in the event (it is not a readable event, so nobody
 * can say what it holds). Key: the dead letter's id.
 *
 * @param deadLetterId  the id under which the operator finds and replays it
 * @param consumerGroup the consumer group that set it aside
 * @param topic         where the record was
 * @param partition     its partition
 * @param offset        its offset
 * @param recordKey     its key, if any
 * @param reason        why it could not be processed (without quoting the record)
 */
public record RecordDeadLettered(
        UUID deadLetterId,
        String consumerGroup,
        String topic,
        int partition,
        long offset,
        String recordKey,
        String reason)
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
