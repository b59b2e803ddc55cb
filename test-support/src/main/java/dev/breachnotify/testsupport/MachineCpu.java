package dev.breachnotify.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time so far, all cores, in jiffies (USER_HZ, 100 per second), from Linux's
 * {@code /proc/stat}: for benchmarks, to tell a slow run from a slow (or shared) machine.
 *
 * @param busy   every jiffy not idle or waiting for I/O, the stolen ones included
 * @param total  every jiffy
 * @param stolen the jiffies the hypervisor gave to other guests
 */
public record MachineCpu(long busy, long total, long stolen) {

    /** Jiffies per second ({@code USER_HZ}, 100 on Linux). */
    public static final double JIFFIES_PER_SECOND = 100.0;

    /** The counters now, or {@code null} where there is no {@code /proc/stat}. */
    public static MachineCpu now() {
        try {
            // cpu user nice system idle iowait irq softirq steal ...
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new MachineCpu(total - idle, total, fields.length > 8 ? Long.parseLong(fields[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The CPU time between {@code earlier} and this. */
    public MachineCpu since(MachineCpu earlier) {
        return new MachineCpu(busy - earlier.busy, total - earlier.total, stolen - earlier.stolen);
    }
}
