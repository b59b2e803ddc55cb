package dev.breachnotify.ack.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How many unknown codes the default limits let a guessing client try, measured on a simulated clock: each
 * network runs one client that sends its next code as soon as the previous answer arrived (1 ms round trip plus
 * the answer's delay; a 429 arrives after the maximum delay and the client then waits its Retry-After). Known
 * codes are not part of it: they are looked up first and never limited (LookupLimitsIT).
 */
class LookupLimitsMeasurementTest {

    private static final long RTT = Duration.ofMillis(1).toNanos();
    private static final Duration RUN = Duration.ofMinutes(30);
    private static final Duration STEADY_FROM = Duration.ofMinutes(10);

    @Test
    void oneNetworkAndAHundredNetworksAreHeldToAFewCodesPerSecond() {
        Rates one = simulate(1);
        Rates hundred = simulate(100);
        System.out.printf(
                "unknown codes tried with the default limits: one network %d in its first minute, then"
                        + " %.2f/s; 100 networks %d in the first minute, then %.1f/s together%n",
                one.firstMinute(), one.steadyPerSecond(), hundred.firstMinute(), hundred.steadyPerSecond());

        // one network: 40 before the first 429, then about limit * ln 2 / half-life = 40 * 0.69 / 120 s
        assertThat(one.steadyPerSecond()).isBetween(0.1, 0.5);
        // a hundred networks together: held by the global count, about 2000 * 0.69 / 60 s
        assertThat(hundred.steadyPerSecond()).isBetween(10.0, 30.0);
    }

    private record Rates(long firstMinute, double steadyPerSecond) {}

    private static Rates simulate(int networks) {
        AtomicLong now = new AtomicLong(0);
        FailedLookupLimiter limiter = new FailedLookupLimiter(new AckSettings(), new SimpleMeterRegistry(), now::get);
        AckSettings defaults = new AckSettings();
        PriorityQueue<long[]> clients = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int n = 0; n < networks; n++) {
            clients.add(new long[] {n, n});
        }
        long firstMinute = 0;
        long steady = 0;
        while (true) {
            long[] client = clients.poll();
            if (client[0] >= RUN.toNanos()) {
                break;
            }
            now.set(client[0]);
            Decision decision = limiter.missed("10." + (client[1] / 256) + "." + (client[1] % 256) + ".0/24");
            if (client[0] < Duration.ofMinutes(1).toNanos()) {
                firstMinute++;
            }
            if (client[0] >= STEADY_FROM.toNanos()) {
                steady++;
            }
            long wait = decision.refused()
                    ? defaults.getFailedLookupMaxDelay().toNanos()
                            + decision.retryAfter().toNanos()
                    : decision.delay().toNanos();
            client[0] += RTT + wait;
            clients.add(client);
        }
        double steadySeconds = RUN.minus(STEADY_FROM).toSeconds();
        return new Rates(firstMinute, steady / steadySeconds);
    }
}
