package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofHours(48));

    @Test
    void theWaitDoublesPerAttemptUpToTheMaximum() {
        RetryPolicy noJitter = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), bound -> 0);

        assertThat(noJitter.next(1, NOW, DEADLINE)).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(noJitter.next(2, NOW, DEADLINE)).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(noJitter.next(4, NOW, DEADLINE)).isEqualTo(NOW.plus(Duration.ofMinutes(8)));
        assertThat(noJitter.next(7, NOW, DEADLINE)).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(noJitter.next(500, NOW, DEADLINE)).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void jitterAddsUpToHalfTheWait() {
        RetryPolicy fullJitter = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), bound -> bound - 1);

        assertThat(fullJitter.next(1, NOW, DEADLINE)).isEqualTo(NOW.plusMillis(60_000 + 30_000));
    }

    @Test
    void theLastAttemptIsAtTheDeadlineAndThereIsNoneAfterIt() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), bound -> 0);
        Instant shortly = NOW.plusSeconds(30);

        assertThat(policy.next(3, NOW, shortly)).isEqualTo(shortly);
        assertThat(policy.next(4, shortly, shortly)).isNull();
        assertThat(policy.next(4, shortly.plusSeconds(1), shortly)).isNull();
    }
}
