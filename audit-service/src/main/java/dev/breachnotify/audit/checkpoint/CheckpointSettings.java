package dev.breachnotify.audit.checkpoint;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How checkpoints are issued, signed and published ({@code breachnotify.audit.*}).
 */
@Singleton
public class CheckpointSettings {

    private final String origin;
    private final long maxEntries;
    private final Duration maxAge;
    private final String privateKeyFile;
    private final List<Path> previousKeyFiles;
    private final Path dataDir;
    private final Path publishDir;

    /**
     * @param origin         {@code breachnotify.audit.checkpoint.origin}: the log's unique name, first line of
     *                       every checkpoint and the key's name (default {@code breachnotify.local/audit}; set it
     *                       to a name of your own, e.g. {@code audit.example.org/breach-notify})
     * @param maxEntries     {@code breachnotify.audit.checkpoint.max-entries}: a checkpoint once the log has grown
     *                       by this many entries since the last (default 10000)
     * @param maxAge         {@code breachnotify.audit.checkpoint.max-age}: ... or when the last is this old and the
     *                       log has grown (default 60s)
     * @param privateKeyFile {@code breachnotify.audit.checkpoint.private-key-file}: the Ed25519 signing key, PKCS#8
     *                       PEM (production: mounted from a secret). Empty: generate one into the data folder
     * @param previousKeys   {@code breachnotify.audit.checkpoint.previous-key-files}: after a key rotation, the keys
     *                       the log had before, comma-separated files. A private key (PKCS#8 PEM) co-signs every
     *                       checkpoint and manifest with the new key (an orderly rotation); a public key (PEM or
     *                       verifier key) is only trusted for the checkpoints it signed (a key that must not sign
     *                       again). Empty by default
     * @param dataDir        {@code breachnotify.audit.data-dir}: where a generated key is kept (default
     *                       {@code data/audit}, the embedded pipeline's folder)
     * @param publishDir     {@code breachnotify.audit.checkpoint.publish-dir}: where every checkpoint and the public
     *                       key are written, outside the database (default {@code <data-dir>/checkpoints}; in
     *                       production a volume or share the database administrators cannot write)
     */
    public CheckpointSettings(
            @Value("${breachnotify.audit.checkpoint.origin:breachnotify.local/audit}") String origin,
            @Value("${breachnotify.audit.checkpoint.max-entries:10000}") long maxEntries,
            @Value("${breachnotify.audit.checkpoint.max-age:60s}") Duration maxAge,
            @Value("${breachnotify.audit.checkpoint.private-key-file:}") String privateKeyFile,
            @Value("${breachnotify.audit.checkpoint.previous-key-files:}") String previousKeys,
            @Value("${breachnotify.audit.data-dir:data/audit}") String dataDir,
            @Value("${breachnotify.audit.checkpoint.publish-dir:}") String publishDir) {
        if (origin.isBlank() || !origin.strip().equals(origin) || origin.contains("\n")) {
            throw new IllegalArgumentException(
                    "breachnotify.audit.checkpoint.origin must be one word, not '" + origin + "'");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("breachnotify.audit.checkpoint.max-entries must be at least 1");
        }
        this.origin = origin;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.privateKeyFile = privateKeyFile;
        this.previousKeyFiles = Arrays.stream(previousKeys.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
        this.dataDir = Path.of(dataDir);
        this.publishDir = publishDir.isBlank() ? this.dataDir.resolve("checkpoints") : Path.of(publishDir);
    }

    public String origin() {
        return origin;
    }

    public long maxEntries() {
        return maxEntries;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The configured key file, or {@code null} to generate one. */
    public Path privateKeyFile() {
        return privateKeyFile.isBlank() ? null : Path.of(privateKeyFile);
    }

    /** The files of the keys the log had before a key rotation; empty if the key was never rotated. */
    public List<Path> previousKeyFiles() {
        return previousKeyFiles;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path publishDir() {
        return publishDir;
    }
}
