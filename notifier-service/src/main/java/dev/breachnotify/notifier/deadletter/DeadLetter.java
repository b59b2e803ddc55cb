package dev.breachnotify.notifier.deadletter;

import java.time.Instant;
import java.util.UUID;

/** A record set aside, as the operator sees it (without its value). */
public record DeadLetter(
        UUID deadLetterId,
        String consumerGroup,
        String topic,
        int partition,
        long offset,
        String recordKey,
        String reason,
        Instant deadLetteredAt,
        Instant replayedAt,
        String replayedBy) {}
