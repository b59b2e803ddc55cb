package dev.breachnotify.ack.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedLookupLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private FailedLookupLimiter limiter(int perNetwork, int global) {
        AckSettings settings = new AckSettings();
        settings.setFailedLookupsPerNetwork(perNetwork);
        settings.setFailedLookupsGlobal(global);
        return new FailedLookupLimiter(settings, meters, now::get);
    }

    @Test
    void aNetworksMissesAreFreeThenLaterAndLaterThenRefusedWhileOtherNetworksAreNot() {
        FailedLookupLimiter limiter = limiter(40, 100_000);
        Duration previous = Duration.ZERO;
        for (int i = 1; i < 40; i++) {
            Decision decision = limiter.missed("192.0.2.0/24");
            assertThat(decision.refused()).isFalse();
            if (i < 10) {
                assertThat(decision.delay()).isZero();
            } else {
                assertThat(decision.delay())
                        .isGreaterThanOrEqualTo(previous)
                        .isLessThanOrEqualTo(Duration.ofSeconds(2));
            }
            previous = decision.delay();
        }
        assertThat(previous).isEqualTo(Duration.ofSeconds(2));

        Decision refused = limiter.missed("192.0.2.0/24");
        assertThat(refused.refused()).isTrue();
        assertThat(refused.retryAfter()).isPositive().isLessThan(Duration.ofMinutes(1));
        assertThat(limiter.missed("198.51.100.0/24")).isEqualTo(Decision.NONE);
        assertThat(meters.get("ack.lookups.limited")
                        .tag("scope", "network")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("ack.lookups.failed").counter().count()).isEqualTo(41);
        assertThat(meters.get("ack.lookups.delayed").counter().count()).isEqualTo(30);
    }

    @Test
    void aNetworksStateDecaysWithinMinutes() {
        FailedLookupLimiter limiter = limiter(40, 100_000);
        for (int i = 0; i < 100; i++) {
            limiter.missed("192.0.2.0/24");
        }
        now.addAndGet(Duration.ofMinutes(12).toNanos());
        assertThat(limiter.missed("192.0.2.0/24")).isEqualTo(Decision.NONE);
    }

    @Test
    void missesSpreadOverManyNetworksMeetTheGlobalLimit() {
        FailedLookupLimiter limiter = limiter(40, 100);
        for (int i = 0; i < 99; i++) {
            assertThat(limiter.missed("10.0." + i + ".0/24").refused()).isFalse();
        }
        assertThat(limiter.missed("10.1.0.0/24").refused()).isTrue();
        assertThat(meters.get("ack.lookups.limited")
                        .tag("scope", "global")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void withoutANetworkOnlyTheGlobalCountApplies() {
        FailedLookupLimiter limiter = limiter(4, 100_000);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.missed(null).refused()).isFalse();
        }
    }
}
