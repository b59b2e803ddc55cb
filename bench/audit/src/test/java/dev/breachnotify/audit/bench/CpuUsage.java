package dev.breachnotify.audit.bench;

import dev.breachnotify.testsupport.MachineCpu;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where the CPU went while it runs: this JVM (broker, service and client) against the whole machine (PostgreSQL and
 * anything else), from the JVM's process CPU time and Linux's {@code /proc/stat}, so that a slow step can be told
 * apart as busy or waiting.
 */
final class CpuUsage implements AutoCloseable {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long startNanos = System.nanoTime();
    private final long startProcess = os.getProcessCpuTime();
    private final long startGcMillis = gcMillis();
    private final long startGcCount = gcCount();
    private final long startJitMillis = jitMillis();
    private final MachineCpu startMachine = MachineCpu.now();
    private long endNanos;
    private long endProcess;
    private MachineCpu endMachine;
    private long endGcMillis;
    private long endGcCount;
    private long endJitMillis;

    static CpuUsage start() {
        return new CpuUsage();
    }

    @Override
    public void close() {
        if (endMachine == null) {
            endNanos = System.nanoTime();
            endProcess = os.getProcessCpuTime();
            endMachine = MachineCpu.now();
            endGcMillis = gcMillis();
            endGcCount = gcCount();
            endJitMillis = jitMillis();
        }
    }

    /**
     * E.g. "CPU: this JVM 9.1 s (GC pauses 0.4 s in 31 collections, JIT compiling 3.2 s), machine 14.0 s busy of
     * 22.4 s (2 cores x 11.2 s; 0.1 s of it stolen by the hypervisor)". The compiling time is the compiler threads'
     * elapsed time, summed.
     */
    String summary() {
        close();
        double wall = (endNanos - startNanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        String jvm = String.format(
                "CPU: this JVM %.1f s (GC pauses %.1f s in %d collections, JIT compiling %.1f s)",
                (endProcess - startProcess) / 1e9,
                (endGcMillis - startGcMillis) / 1e3,
                endGcCount - startGcCount,
                (endJitMillis - startJitMillis) / 1e3);
        if (startMachine == null || endMachine == null) {
            return jvm;
        }
        MachineCpu machine = endMachine.since(startMachine);
        double busy = machine.busy() / MachineCpu.JIFFIES_PER_SECOND;
        double stolen = machine.stolen() / MachineCpu.JIFFIES_PER_SECOND;
        return String.format(
                "%s, machine %.1f s busy of %.1f s (%d cores x %.1f s; %.1f s of it stolen by the" + " hypervisor)",
                jvm, busy, cores * wall, cores, wall, stolen);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
