package dev.breachnotify.ack.limit;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.platform.limit.FailureLimiter;
import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import dev.breachnotify.platform.limit.FailureLimiter.Policy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;

/**
 * How to answer a lookup of an unknown code, with platform's {@link FailureLimiter}: misses are counted per client
 * network (the /24 or /48 also recorded with a submission) and over all clients, each count halving every
 * half-life. A network's misses are answered at once up to a quarter of its limit, then later and later (the
 * delay step per miss, at most the maximum delay), and with 429 at the limit; the same for everyone together.
 *
 * <p>Only misses are limited: the page looks the code up first (a hashed index lookup), so a valid code always
 * opens its page, from any network, however many unknown codes came from there. With 80-bit codes a guess hits
 * with a probability of about 2^-63 per try; the limits keep guessing from costing the service, not from
 * succeeding.
 *
 * <p>Metrics: {@code ack.lookups.failed} (unknown codes), {@code ack.lookups.delayed} (answered late) and
 * {@code ack.lookups.limited} with tag {@code scope=network|global} (refused with 429).
 */
@Singleton
public class FailedLookupLimiter {

    private static final String EVERYONE = "*";
    private static final int MAX_NETWORKS = 100_000;

    private final FailureLimiter networks;
    private final FailureLimiter global;
    private final Counter failed;
    private final Counter delayed;
    private final Counter networkLimited;
    private final Counter globalLimited;

    @Inject
    public FailedLookupLimiter(AckSettings settings, MeterRegistry meters) {
        this(settings, meters, System::nanoTime);
    }

    FailedLookupLimiter(AckSettings settings, MeterRegistry meters, LongSupplier nanoTime) {
        this.networks = new FailureLimiter(
                policy(settings.getFailedLookupsPerNetwork(), settings, settings.getFailedLookupsPerNetworkHalfLife()),
                MAX_NETWORKS,
                nanoTime);
        this.global = new FailureLimiter(
                policy(settings.getFailedLookupsGlobal(), settings, settings.getFailedLookupsGlobalHalfLife()),
                1,
                nanoTime);
        this.failed = Counter.builder("ack.lookups.failed")
                .description("lookups of unknown codes")
                .register(meters);
        this.delayed = Counter.builder("ack.lookups.delayed")
                .description("unknown codes answered late")
                .register(meters);
        this.networkLimited = Counter.builder("ack.lookups.limited")
                .tag("scope", "network")
                .description("unknown codes refused by a rate limit")
                .register(meters);
        this.globalLimited = Counter.builder("ack.lookups.limited")
                .tag("scope", "global")
                .description("unknown codes refused by a rate limit")
                .register(meters);
    }

    private static Policy policy(int limit, AckSettings settings, java.time.Duration halfLife) {
        return new Policy(
                limit / 4,
                Math.max(1, limit),
                halfLife,
                settings.getFailedLookupDelayStep(),
                settings.getFailedLookupMaxDelay());
    }

    /**
     * Counts that a client of this network looked up a code that does not exist, and says how to answer.
     *
     * @param network the client's /24 or /48, or {@code null} if unknown (then only the global count applies)
     */
    public Decision missed(String network) {
        failed.increment();
        global.failed(EVERYONE);
        Decision everyone = global.check(EVERYONE);
        Decision mine = Decision.NONE;
        if (network != null) {
            networks.failed(network);
            mine = networks.check(network);
        }
        if (mine.refused()) {
            networkLimited.increment();
        } else if (everyone.refused()) {
            globalLimited.increment();
        }
        Decision decision = mine.and(everyone);
        if (!decision.refused() && !decision.delay().isZero()) {
            delayed.increment();
        }
        return decision;
    }
}
