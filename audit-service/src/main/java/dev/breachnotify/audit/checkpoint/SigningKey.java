package dev.breachnotify.audit.checkpoint;

import dev.breachnotify.verifier.NoteKeys;
import dev.breachnotify.verifier.SignedNote;
import jakarta.inject.Singleton;
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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs checkpoints and export manifests. From {@code private-key-file} (PKCS#8 PEM) when
 * configured, as in production; otherwise generated on first start into {@code <data-dir>/checkpoint-signing-key.pem}
 * (owner-only) and reused after. Only the public key's fingerprint is ever logged.
 *
 * <p>After a key rotation, {@code previous-key-files} names the keys the log had before. A previous private key
 * co-signs (every note then bears both signatures, so verifiers that hold only the old public key keep working
 * while the new one is distributed); a previous public key is only trusted, for the checkpoints it signed.
 */
@Singleton
public class SigningKey {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKey.class);
    static final String GENERATED_FILE = "checkpoint-signing-key.pem";

    private final String name;
    private final PublicKey publicKey;
    /** The keys that sign each note: this key first, then the previous keys that co-sign. */
    private final List<KeyPair> signers;
    /** The keys whose checkpoints this log accepts as its own: this key first, then every previous key. */
    private final List<PublicKey> trusted;

    public SigningKey(CheckpointSettings settings) {
        this.name = settings.origin();
        Path file = settings.privateKeyFile();
        if (file == null) {
            file = settings.dataDir().resolve(GENERATED_FILE);
            generateIfMissing(file);
        }
        PrivateKey privateKey;
        try {
            privateKey = NoteKeys.parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint signing key " + file, e);
        }
        this.publicKey = NoteKeys.publicKeyOf(privateKey);
        List<KeyPair> signing = new ArrayList<>(List.of(new KeyPair(publicKey, privateKey)));
        List<PublicKey> accepted = new ArrayList<>(List.of(publicKey));
        for (Path previous : settings.previousKeyFiles()) {
            readPrevious(previous, signing, accepted);
        }
        this.signers = List.copyOf(signing);
        this.trusted = List.copyOf(accepted);
        LOG.info("Checkpoints of {} are signed by the Ed25519 key {}", name, NoteKeys.fingerprint(publicKey));
        for (PublicKey previous : trusted.subList(1, trusted.size())) {
            LOG.info(
                    "Checkpoints signed by the previous key {} are accepted{}",
                    NoteKeys.fingerprint(previous),
                    coSigns(previous) ? "; it co-signs until it is removed from previous-key-files" : "");
        }
    }

    private static void readPrevious(Path file, List<KeyPair> signing, List<PublicKey> accepted) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the previous checkpoint key " + file
                            + " (breachnotify.audit.checkpoint.previous-key-files)",
                    e);
        }
        if (text.contains("PRIVATE KEY-----")) {
            PrivateKey key = NoteKeys.parsePrivateKey(text, file.toString());
            PublicKey pub = NoteKeys.publicKeyOf(key);
            if (!accepted.contains(pub)) {
                signing.add(new KeyPair(pub, key));
                accepted.add(pub);
            }
            return;
        }
        for (PublicKey pub : NoteKeys.parsePublicKeys(text, file.toString())) {
            if (!accepted.contains(pub)) {
                accepted.add(pub);
            }
        }
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
            Files.writeString(
                    temporary,
                    NoteKeys.privateKeyPem(pair.getPrivate()),
                    StandardCharsets.US_ASCII,
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
        LOG.warn(
                "Generated a checkpoint signing key in {} (set breachnotify.audit.checkpoint.private-key-file "
                        + "in production)",
                file);
    }

    /** The key's name in signed notes: the log's origin. */
    public String name() {
        return name;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM, for {@code /.well-known/audit-public-key.pem}. */
    public String publicKeyPem() {
        return NoteKeys.publicKeyPem(publicKey);
    }

    /** The keys whose checkpoints the log accepts: this key first, then the previous ones. */
    public List<PublicKey> trusted() {
        return trusted;
    }

    /** Whether a previous key co-signs each note with this one. */
    public boolean coSigns(PublicKey previous) {
        return signers.stream().skip(1).anyMatch(signer -> signer.getPublic().equals(previous));
    }

    /**
     * Every key of the log as PEM, this one first, each after a comment naming it: for
     * {@code /.well-known/audit-public-keys.pem}, the file a verifier needs for exports from before a rotation.
     */
    public String trustedKeysPem() {
        StringBuilder pem = new StringBuilder();
        for (PublicKey key : trusted) {
            pem.append("# ")
                    .append(key.equals(publicKey) ? "current" : "previous")
                    .append(" key of ")
                    .append(name)
                    .append(", ")
                    .append(NoteKeys.fingerprint(key))
                    .append('\n')
                    .append(NoteKeys.publicKeyPem(key));
        }
        return pem.toString();
    }

    /** The C2SP verifier key. */
    public String verifierKey() {
        return NoteKeys.verifierKey(name, publicKey);
    }

    /** Signs a note's text with this key, and with the previous keys that co-sign. */
    public String sign(String text) {
        return SignedNote.sign(text, name, signers);
    }
}
