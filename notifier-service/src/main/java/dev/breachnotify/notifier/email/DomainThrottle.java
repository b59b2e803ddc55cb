package dev.breachnotify.notifier.email;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Keeps the mail to each recipient domain within that domain's limits: at most {@code rate} mails per second
 * (a token bucket) and at most {@code concurrency} sends at once. Large German providers (t-online.de, gmx.de,
 * web.de) throttle bulk senders; exceeding their limits earns 4xx replies and a bad reputation. A mail to several
 * domains waits for each. Thread-safe; waiting blocks the calling worker thread.
 */
public final class DomainThrottle {

    private final EmailSettings.DomainLimit defaults;
    private final Map<String, EmailSettings.DomainLimit> limits;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    public DomainThrottle(EmailSettings.DomainLimit defaults, Map<String, EmailSettings.DomainLimit> limits) {
        this(defaults, limits, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    DomainThrottle(
            EmailSettings.DomainLimit defaults,
            Map<String, EmailSettings.DomainLimit> limits,
            LongSupplier nanoClock,
            Sleeper sleeper) {
        this.defaults = defaults;
        this.limits = Map.copyOf(limits);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Waits; the clock and the waiting are replaceable so that tests control time. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** Waits until a mail to {@code domain} may be sent now; the returned permit must be closed after the send. */
    public Permit acquire(String domain) throws InterruptedException {
        Bucket bucket = buckets.computeIfAbsent(
                domain.toLowerCase(Locale.ROOT), name -> new Bucket(limits.getOrDefault(name, defaults)));
        bucket.concurrency.acquire();
        try {
            long wait;
            while ((wait = bucket.reserve(nanoClock.getAsLong())) > 0) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            bucket.concurrency.release();
            throw e;
        }
        return bucket.concurrency::release;
    }

    /** Releases the domain's concurrency slot. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Bucket {
        private final Semaphore concurrency;
        private final double tokensPerNano;
        private final double capacity;
        private double tokens;
        private long refilledAt = Long.MIN_VALUE;

        Bucket(EmailSettings.DomainLimit limit) {
            this.concurrency = new Semaphore(Math.max(1, limit.concurrency()), true);
            this.tokensPerNano = limit.rate() / 1e9;
            this.capacity = Math.max(1, limit.rate());
            this.tokens = capacity;
        }

        /** Takes a token if one is there; otherwise says how many nanoseconds until one is. */
        synchronized long reserve(long now) {
            if (refilledAt != Long.MIN_VALUE) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            }
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / tokensPerNano);
        }
    }
}
