package dev.breachnotify.audit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the CPU went while it runs: this JVM (broker, service and client) against the whole machine (PostgreSQL and
 * anything else), from the JVM's process CPU time and Linux's {@code /proc/stat}, so that a slow step can be told
 * apart as busy or waiting.
 */
final class CpuUsage implements AutoCloseable {

    private static final Path STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long startNanos = System.nanoTime();
    private final long startProcess = os.getProcessCpuTime();
    private final long[] startMachine = machine();
    private long endNanos;
    private long endProcess;
    private long[] endMachine;

    static CpuUsage start() {
        return new CpuUsage();
    }

    @Override
    public void close() {
        if (endMachine == null) {
            endNanos = System.nanoTime();
            endProcess = os.getProcessCpuTime();
            endMachine = machine();
        }
    }

    /** E.g. "CPU: this JVM 9.1 s, machine 14.0 s busy of 22.4 s (2 cores x 11.2 s)". */
    String summary() {
        close();
        double wall = (endNanos - startNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        String jvm = String.format("CPU: this JVM %.1f s", (endProcess - startProcess) / 1e9);
        if (startMachine == null || endMachine == null) {
            return jvm;
        }
        double busy = (endMachine[0] - startMachine[0]) / 100.0; // USER_HZ
        return String.format("%s, machine %.1f s busy of %.1f s (%d cores x %.1f s)", jvm, busy, cores * wall,
                cores, wall);
    }

    /** Busy and total jiffies of all cores, or {@code null} off Linux. */
    private static long[] machine() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            String[] fields = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
