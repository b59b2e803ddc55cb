package dev.breachnotify.ack.limit;

import dev.breachnotify.ack.AckSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FailedLookupLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private FailedLookupLimiter limiter(int perNetwork, int global) {
        AckSettings settings = new AckSettings();
        settings.setFailedLookupsPerNetwork(perNetwork);
        settings.setFailedLookupsPerNetworkWindow(Duration.ofMinutes(10));
        settings.setFailedLookupsGlobal(global);
        settings.setFailedLookupsGlobalWindow(Duration.ofMinutes(1));
        return new FailedLookupLimiter(settings, meters, now::get);
    }

    @Test
    void aNetworkIsRefusedAfterItsFailuresUntilTheWindowHasMovedOn() {
        FailedLookupLimiter limiter = limiter(3, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.check("192.0.2.0/24")).isEqualTo(FailedLookupLimiter.Verdict.ALLOWED);
            limiter.failed("192.0.2.0/24");
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }

        assertThat(limiter.check("192.0.2.0/24")).isEqualTo(FailedLookupLimiter.Verdict.NETWORK_LIMIT);
        assertThat(limiter.check("198.51.100.0/24")).isEqualTo(FailedLookupLimiter.Verdict.ALLOWED);
        assertThat(meters.get("ack.lookups.limited").tag("scope", "network").counter().count()).isEqualTo(1);
        assertThat(meters.get("ack.lookups.failed").counter().count()).isEqualTo(3);

        // the first failure leaves the window ten minutes after it happened
        now.addAndGet(Duration.ofMinutes(10).minusSeconds(3).toNanos());
        assertThat(limiter.check("192.0.2.0/24")).isEqualTo(FailedLookupLimiter.Verdict.ALLOWED);
    }

    @Test
    void theGlobalLimitRefusesEveryoneOnceReached() {
        FailedLookupLimiter limiter = limiter(100, 5);
        for (int i = 0; i < 5; i++) {
            limiter.failed("10.0." + i + ".0/24");
        }

        assertThat(limiter.check("203.0.113.0/24")).isEqualTo(FailedLookupLimiter.Verdict.GLOBAL_LIMIT);
        assertThat(limiter.check(null)).isEqualTo(FailedLookupLimiter.Verdict.GLOBAL_LIMIT);
        assertThat(meters.get("ack.lookups.limited").tag("scope", "global").counter().count()).isEqualTo(2);

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(limiter.check("203.0.113.0/24")).isEqualTo(FailedLookupLimiter.Verdict.ALLOWED);
    }
}
