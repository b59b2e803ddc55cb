package dev.breachnotify.platform.limit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * breach-notify's one rate limiter: it slows whoever fails too often (unknown acknowledgement codes, wrong
 * passwords), per key (a client network, a user name, or one key for everyone), and never stops anyone who
 * succeeds, because callers check the request first and count only failures.
 *
 * <p>Each key has a score: every failure adds 1, and the score halves every {@link Policy#halfLife()}, so that
 * the state of a key that stops failing decays within minutes and then is forgotten. Up to
 * {@link Policy#free()} the failures cost nothing; beyond, the next answer waits {@link Policy#delayStep()} per
 * failure above the free ones (at most {@link Policy#maxDelay()}); from {@link Policy#refuseAt()} on it is
 * refused until the score has decayed below again. A score bounded by {@code refuseAt} with half-life {@code T}
 * lets through at most {@code refuseAt * ln 2 / T} failures per unit of time in the long run.
 *
 * <p>Thread-safe; memory is bounded by {@code maxKeys} (keys whose score has decayed are swept first).
 */
public final class FailureLimiter {

    /**
     * How a key is slowed.
     *
     * @param free       failures (in the decayed score) that cost nothing
     * @param refuseAt   the score from which the answer is refused; {@link Integer#MAX_VALUE}: never refused
     * @param halfLife   the time in which a score halves
     * @param delayStep  the delay per failure beyond the free ones
     * @param maxDelay   the longest delay
     */
    public record Policy(int free, int refuseAt, Duration halfLife, Duration delayStep, Duration maxDelay) {

        public Policy {
            if (free < 0 || refuseAt <= free) {
                throw new IllegalArgumentException(
                        "a failure policy needs 0 <= free < refuseAt, got free " + free + " and refuseAt " + refuseAt);
            }
            if (halfLife.isNegative() || halfLife.isZero() || delayStep.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("a failure policy needs a positive half-life and non-negative"
                        + " delays, got " + halfLife + ", " + delayStep + ", " + maxDelay);
            }
        }

        /** The same policy, never refusing: only delays. */
        public Policy neverRefusing() {
            return new Policy(free, Integer.MAX_VALUE, halfLife, delayStep, maxDelay);
        }
    }

    /**
     * What the next failure-prone answer to a key must do.
     *
     * @param delay      how long to wait before answering (zero: at once)
     * @param refused    whether to refuse it (429, 401) instead
     * @param retryAfter when refused, how long until it would not be
     */
    public record Decision(Duration delay, boolean refused, Duration retryAfter) {

        /** At once. */
        public static final Decision NONE = new Decision(Duration.ZERO, false, Duration.ZERO);

        /** The stricter of two decisions: refused if either is, else the longer delay. */
        public Decision and(Decision other) {
            if (refused || other.refused) {
                return new Decision(
                        Duration.ZERO,
                        true,
                        retryAfter.compareTo(other.retryAfter) >= 0 ? retryAfter : other.retryAfter);
            }
            return delay.compareTo(other.delay) >= 0 ? this : other;
        }
    }

    private final Policy policy;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final double halfLifeNanos;
    private final Map<String, Score> scores = new ConcurrentHashMap<>();

    /** A limiter on the system clock, remembering at most {@code maxKeys} keys. */
    public FailureLimiter(Policy policy, int maxKeys) {
        this(policy, maxKeys, System::nanoTime);
    }

    /** A limiter on the given clock (nanoseconds, as {@link System#nanoTime()}). */
    public FailureLimiter(Policy policy, int maxKeys, LongSupplier nanoTime) {
        this.policy = policy;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
        this.halfLifeNanos = policy.halfLife().toNanos();
    }

    /** The policy. */
    public Policy policy() {
        return policy;
    }

    /** What an answer to {@code key} must do now, without counting anything. */
    public Decision check(String key) {
        Score score = scores.get(key);
        return score == null ? Decision.NONE : decide(score.value(nanoTime.getAsLong()));
    }

    /** Counts a failure of {@code key}. */
    public void failed(String key) {
        long now = nanoTime.getAsLong();
        if (scores.size() >= maxKeys && !scores.containsKey(key)) {
            sweep(now);
        }
        scores.computeIfAbsent(key, k -> new Score()).add(now);
    }

    /** The decayed score of {@code key} now (0 if unknown). */
    public double score(String key) {
        Score score = scores.get(key);
        return score == null ? 0 : score.value(nanoTime.getAsLong());
    }

    /** How many keys are remembered. */
    public int size() {
        return scores.size();
    }

    Decision decide(double score) {
        if (score >= policy.refuseAt()) {
            double halvings = Math.log(score / policy.refuseAt()) / Math.log(2);
            long nanos = (long) Math.ceil(halvings * halfLifeNanos) + 1;
            return new Decision(Duration.ZERO, true, Duration.ofNanos(nanos));
        }
        if (score < policy.free()) {
            return Decision.NONE;
        }
        long steps = (long) Math.floor(score - policy.free()) + 1;
        Duration delay = policy.delayStep().multipliedBy(steps);
        return new Decision(delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay, false, Duration.ZERO);
    }

    private void sweep(long now) {
        scores.values().removeIf(score -> score.value(now) < 0.5);
        if (scores.size() >= maxKeys) {
            // Still full of active keys: forget them rather than grow without bound (the global key, which
            // callers keep in a limiter of its own, is unaffected).
            scores.clear();
        }
    }

    /** A decaying count. */
    private final class Score {

        private double value;
        private long at = Long.MIN_VALUE;

        synchronized double value(long now) {
            return at == Long.MIN_VALUE ? 0 : value * Math.pow(0.5, (now - at) / halfLifeNanos);
        }

        synchronized void add(long now) {
            value = value(now) + 1;
            at = now;
        }
    }
}
