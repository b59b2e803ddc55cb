package dev.breachnotify.notifier.email;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongUnaryOperator;

/**
 * When a deferred mail is tried next: exponential backoff from {@code backoff}, doubled per attempt up to
 * {@code maxBackoff}, plus up to half of it again as jitter (so mails deferred together do not all come back at
 * once), never later than the deadline. At or after the deadline there is no next attempt: the retries expired.
 */
record RetryPolicy(Duration backoff, Duration maxBackoff, LongUnaryOperator jitter) {

    /**
     * @param attempts attempts made so far (≥ 1)
     * @param now      when the last attempt failed
     * @param deadline the first attempt plus the retry deadline
     * @return the next attempt's time, or {@code null} when the deadline has passed
     */
    Instant next(int attempts, Instant now, Instant deadline) {
        if (!now.isBefore(deadline)) {
            return null;
        }
        long base = backoff.toMillis();
        for (int i = 1; i < attempts && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        Instant next = now.plusMillis(base + jitter.applyAsLong(base / 2 + 1));
        return next.isAfter(deadline) ? deadline : next;
    }
}
