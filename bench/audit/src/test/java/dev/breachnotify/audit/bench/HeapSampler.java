package dev.breachnotify.audit.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest heap in use while it runs, sampled every 10 ms. (The sum of the memory pools' own peaks overstates it:
 * the pools peak at different moments, and with -Xmx256m that sum reached 395 MB.)
 */
final class HeapSampler implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
        Runtime runtime = Runtime.getRuntime();
        thread = new Thread(
                () -> {
                    while (running) {
                        // Not the memory MXBean: its CompositeData would cost the measured process CPU and compiling
                        peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static HeapSampler start() {
        return new HeapSampler();
    }

    /** The peak so far, in bytes. */
    long peak() {
        return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
