package dev.breachnotify.platform.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import dev.breachnotify.platform.limit.FailureLimiter.Policy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailureLimiter limiter = new FailureLimiter(
            new Policy(3, 6, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(250)), 100, now::get);

    @Test
    void freeFailuresCostNothingThenTheDelayGrowsToItsCapThenAnswersAreRefused() {
        assertThat(limiter.check("net")).isEqualTo(Decision.NONE);
        for (int i = 0; i < 3; i++) {
            limiter.failed("net");
        }
        assertThat(limiter.check("net").delay()).isEqualTo(Duration.ofMillis(100));
        limiter.failed("net");
        assertThat(limiter.check("net").delay()).isEqualTo(Duration.ofMillis(200));
        limiter.failed("net");
        assertThat(limiter.check("net").delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(limiter.check("net").refused()).isFalse();
        limiter.failed("net");
        Decision refused = limiter.check("net");
        assertThat(refused.refused()).isTrue();
        assertThat(refused.retryAfter()).isPositive().isLessThan(Duration.ofSeconds(1));
        assertThat(limiter.check("other")).isEqualTo(Decision.NONE);
    }

    @Test
    void theScoreHalvesEveryHalfLifeAndIsForgottenWithinMinutes() {
        for (int i = 0; i < 8; i++) {
            limiter.failed("net");
        }
        assertThat(limiter.check("net").refused()).isTrue();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.score("net")).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(limiter.check("net").refused()).isFalse();
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(limiter.check("net")).isEqualTo(Decision.NONE);
    }

    @Test
    void memoryIsBoundedBySweepingDecayedKeys() {
        for (int i = 0; i < 100; i++) {
            limiter.failed("net-" + i);
        }
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        limiter.failed("late");
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void theStricterDecisionWins() {
        Decision slow = new Decision(Duration.ofSeconds(2), false, Duration.ZERO);
        Decision refused = new Decision(Duration.ZERO, true, Duration.ofSeconds(5));
        assertThat(Decision.NONE.and(slow)).isEqualTo(slow);
        assertThat(slow.and(refused).refused()).isTrue();
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithItsProblem() {
        assertThatThrownBy(() -> new Policy(5, 5, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("free < refuseAt");
    }
}
