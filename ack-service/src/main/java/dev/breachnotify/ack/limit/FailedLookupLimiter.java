package dev.breachnotify.ack.limit;

import dev.breachnotify.ack.AckSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits lookups of unknown codes, so that codes cannot be guessed: per client network (the /24 or /48 that is
 * also recorded with a submission; default 20 per 10 minutes) and over all clients (default 1000 per minute).
 * Once a limit is reached, every code lookup from that network (or from everyone) is refused with 429 until
 * the window has moved on, known codes included: the answer must not depend on the code.
 *
 * <p>Metrics: {@code ack.lookups.failed} (unknown codes) and {@code ack.lookups.limited} with tag
 * {@code scope=network|global} (requests refused).
 */
@Singleton
public class FailedLookupLimiter {

    /** Why a lookup is refused. */
    public enum Verdict { ALLOWED, NETWORK_LIMIT, GLOBAL_LIMIT }

    private static final int SWEEP_ABOVE = 10_000;

    private final int perNetwork;
    private final Duration perNetworkWindow;
    private final SlidingLimit global;
    private final LongSupplier nanoTime;
    private final Map<String, SlidingLimit> networks = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Counter networkLimited;
    private final Counter globalLimited;

    @Inject
    public FailedLookupLimiter(AckSettings settings, MeterRegistry meters) {
        this(settings, meters, System::nanoTime);
    }

    FailedLookupLimiter(AckSettings settings, MeterRegistry meters, LongSupplier nanoTime) {
        this.perNetwork = settings.getFailedLookupsPerNetwork();
        this.perNetworkWindow = settings.getFailedLookupsPerNetworkWindow();
        this.global = new SlidingLimit(settings.getFailedLookupsGlobal(), settings.getFailedLookupsGlobalWindow());
        this.nanoTime = nanoTime;
        this.failed = Counter.builder("ack.lookups.failed").description("lookups of unknown codes")
                .register(meters);
        this.networkLimited = Counter.builder("ack.lookups.limited").tag("scope", "network")
                .description("code lookups refused by a rate limit").register(meters);
        this.globalLimited = Counter.builder("ack.lookups.limited").tag("scope", "global")
                .description("code lookups refused by a rate limit").register(meters);
    }

    /**
     * Checks, before the lookup, whether a client of this network may look a code up now.
     *
     * @param network the client's /24 or /48, or {@code null} if unknown (then only the global limit applies)
     */
    public Verdict check(String network) {
        long now = nanoTime.getAsLong();
        SlidingLimit mine = network == null ? null : networks.get(network);
        if (mine != null && mine.reached(now)) {
            networkLimited.increment();
            return Verdict.NETWORK_LIMIT;
        }
        if (global.reached(now)) {
            globalLimited.increment();
            return Verdict.GLOBAL_LIMIT;
        }
        return Verdict.ALLOWED;
    }

    /** Records that a client of this network looked up a code that does not exist. */
    public void failed(String network) {
        long now = nanoTime.getAsLong();
        failed.increment();
        global.record(now);
        if (network != null) {
            if (networks.size() > SWEEP_ABOVE) {
                networks.values().removeIf(limit -> limit.idle(now));
            }
            networks.computeIfAbsent(network, key -> new SlidingLimit(perNetwork, perNetworkWindow)).record(now);
        }
    }
}
