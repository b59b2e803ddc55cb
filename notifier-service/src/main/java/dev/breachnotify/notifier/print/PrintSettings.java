package dev.breachnotify.notifier.print;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;

/** Print batches ({@code breachnotify.notifier.print.*}). */
@ConfigurationProperties("breachnotify.notifier.print")
public class PrintSettings {

    /** Letters per print batch (default 500). */
    private int batchSize = 500;
    /** A partial batch is printed once its oldest letter has waited this long (default 15 minutes). */
    private Duration flushAfter = Duration.ofMinutes(15);
    /** The folder the {@code folder} sink writes each batch's PDF and manifest to (default {@code data/print}). */
    private Path folder = Path.of("data", "print");
    /** Where a batch's PDF is assembled before the sink takes it (default: the system's temporary folder). */
    private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("breachnotify.notifier.print.batch-size must be at least 1");
        }
        this.batchSize = batchSize;
    }

    public Duration getFlushAfter() {
        return flushAfter;
    }

    public void setFlushAfter(Duration flushAfter) {
        this.flushAfter = flushAfter;
    }

    public Path getFolder() {
        return folder;
    }

    public void setFolder(Path folder) {
        this.folder = folder;
    }

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }
}
