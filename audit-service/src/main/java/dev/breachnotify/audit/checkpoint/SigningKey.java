package dev.breachnotify.audit.checkpoint;

import dev.breachnotify.verifier.NoteKeys;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The Ed25519 key that signs checkpoints and export manifests. From {@code private-key-file} (PKCS#8 PEM) when
 * configured, as in production; otherwise generated on first start into {@code <data-dir>/checkpoint-signing-key.pem}
 * (owner-only) and reused after. Only the public key's fingerprint is ever logged.
 */
@Singleton
public class SigningKey {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);
    static final String GENERATED_FILE = "checkpoint-signing-key.pem";

    private final String name;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public SigningKey(CheckpointSettings settings) {
        this.name = settings.origin();
        Path file = settings.privateKeyFile();
        if (file == null) {
            file = settings.dataDir().resolve(GENERATED_FILE);
            generateIfMissing(file);
        }
        try {
            this.privateKey = NoteKeys.parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint signing key " + file, e);
        }
        this.publicKey = NoteKeys.publicKeyOf(privateKey);
        LOG.info("Checkpoints of {} are signed by the Ed25519 key {}", name, NoteKeys.fingerprint(publicKey));
    }

    private static void generateIfMissing(Path file) {
        if (Files.exists(file)) {
            return;
        }
        KeyPair pair = NoteKeys.generate();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".signing-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
            Files.writeString(temporary, NoteKeys.privateKeyPem(pair.getPrivate()), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(temporary, file); // not replacing: a concurrent first start keeps the other key
            } catch (FileAlreadyExistsException e) {
                Files.delete(temporary);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a new checkpoint signing key to " + file, e);
        }
        LOG.warn("Generated a checkpoint signing key in {} (set breachnotify.audit.checkpoint.private-key-file "
                + "in production)", file);
    }

    /** The key's name in signed notes: the log's origin. */
    public String name() {
        return name;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM, for {@code /.well-known/audit-public-key.pem}. */
    public String publicKeyPem() {
        return NoteKeys.publicKeyPem(publicKey);
    }

    /** The C2SP verifier key. */
    public String verifierKey() {
        return NoteKeys.verifierKey(name, publicKey);
    }

    /** Signs a note's text with this key. */
    public String sign(String text) {
        return dev.breachnotify.verifier.SignedNote.sign(text, name, privateKey, publicKey);
    }
}
