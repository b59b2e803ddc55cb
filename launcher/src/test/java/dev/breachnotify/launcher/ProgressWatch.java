package dev.breachnotify.launcher;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples a growing count (mails caught, responses received, entries logged) every 50 ms on a thread of its own
 * and keeps the longest time it stood still before growing again: how long a fault stalled the work. A standstill
 * after the last growth (the work is done) does not count.
 */
final class ProgressWatch implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 50;

    private final LongSupplier count;
    private final Thread thread;
    private final AtomicLong longestStallMillis = new AtomicLong();
    private volatile boolean running = true;

    private ProgressWatch(String name, LongSupplier count) {
        this.count = count;
        this.thread = new Thread(this::run, "progress-watch-" + name);
        this.thread.setDaemon(true);
    }

    static ProgressWatch start(String name, LongSupplier count) {
        ProgressWatch watch = new ProgressWatch(name, count);
        watch.thread.start();
        return watch;
    }

    /** @return the longest time in milliseconds the count stood still between two increases */
    long longestStallMillis() {
        return longestStallMillis.get();
    }

    private void run() {
        long last = count.getAsLong();
        long since = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = count.getAsLong();
            if (now > last) {
                long stalled = (System.nanoTime() - since) / 1_000_000;
                longestStallMillis.accumulateAndGet(stalled, Math::max);
                last = now;
                since = System.nanoTime();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1_000);
    }
}
