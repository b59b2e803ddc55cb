package dev.breachnotify.ack.limit;

import java.time.Duration;

/**
 * At most {@code limit} events per sliding {@code window}: the times of the last {@code limit} events are kept in
 * a ring, and the limit is reached while the oldest of them is still inside the window. Exact, and
 * {@code limit} longs of memory.
 */
final class SlidingLimit {

    private final long[] times;
    private final long windowNanos;
    private int next;
    private long newest = Long.MIN_VALUE;

    SlidingLimit(int limit, Duration window) {
        this.times = new long[Math.max(1, limit)];
        this.windowNanos = window.toNanos();
        java.util.Arrays.fill(times, Long.MIN_VALUE);
    }

    /** Whether another event at {@code now} would exceed the limit. */
    synchronized boolean reached(long now) {
        long oldest = times[next];
        return oldest != Long.MIN_VALUE && now - oldest < windowNanos;
    }

    /** Records an event at {@code now}. */
    synchronized void record(long now) {
        times[next] = now;
        next = (next + 1) % times.length;
        newest = now;
    }

    /** Whether every recorded event has left the window, so that the limit can be forgotten. */
    synchronized boolean idle(long now) {
        return newest == Long.MIN_VALUE || now - newest >= windowNanos;
    }
}
