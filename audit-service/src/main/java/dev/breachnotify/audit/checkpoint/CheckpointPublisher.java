package dev.breachnotify.audit.checkpoint;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each signed checkpoint outside the database: a signature kept only beside the data it protects proves
 * little. In {@code publish-dir}: {@code checkpoint-<tree size>.txt} for each, {@code latest-checkpoint.txt}
 * (replaced atomically), {@code audit-public-key.pem} and {@code audit-public-keys.pem} (every key of the log, the
 * current one first: after a key rotation, the keys that signed older checkpoints too). Point the folder at storage the database administrators
 * cannot write (a separate volume, a WORM bucket mount, a share synchronised to the DPO).
 */
@Singleton
public class CheckpointPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final Path folder;

    public CheckpointPublisher(CheckpointSettings settings, SigningKey key) {
        this.folder = settings.publishDir();
        try {
            Files.createDirectories(folder);
            write(folder.resolve("audit-public-key.pem"), key.publicKeyPem());
            write(folder.resolve("audit-public-keys.pem"), key.trustedKeysPem());
            write(folder.resolve("audit-verifier-key.txt"), key.verifierKey() + "\n");
        } catch (IOException e) {
            LOG.error("Cannot write the public key to the checkpoint folder {}: {}", folder, e.getMessage());
        }
    }

    /** Writes a checkpoint; a failure is logged (the next checkpoint is written again) but not thrown. */
    public boolean publish(SignedCheckpoint checkpoint) {
        try {
            write(
                    folder.resolve(String.format("checkpoint-%012d.txt", checkpoint.treeSize())),
                    checkpoint.signedNote());
            write(folder.resolve("latest-checkpoint.txt"), checkpoint.signedNote());
            return true;
        } catch (IOException e) {
            LOG.error(
                    "Could not write the checkpoint of tree size {} to {}: {}",
                    checkpoint.treeSize(),
                    folder,
                    e.getMessage());
            return false;
        }
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".publish", ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
