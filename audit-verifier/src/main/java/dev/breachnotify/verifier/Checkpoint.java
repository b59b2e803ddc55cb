package dev.breachnotify.verifier;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint of the audit log in the <a href="https://c2sp.org/tlog-checkpoint">C2SP tlog-checkpoint</a> format,
 * the signed note form of an RFC 6962 signed tree head:
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal&gt;
 * &lt;root hash, base64&gt;
 * time &lt;ISO-8601 instant, UTC&gt;
 *
 * — &lt;key name&gt; &lt;base64(key id || Ed25519 signature)&gt;
 * </pre>
 * The {@code time} line is an extension line as the format allows; the key name is the origin.
 *
 * @param origin   the log's unique name
 * @param treeSize the number of entries covered
 * @param rootHash the Merkle Tree Hash of those entries (32 bytes)
 * @param issuedAt when the checkpoint was signed (seconds precision)
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant issuedAt) {

    public Checkpoint {
        if (origin == null
                || origin.isBlank()
                || origin.contains("\n")
                || !origin.strip().equals(origin)) {
            throw new IllegalArgumentException("bad origin: " + origin);
        }
        if (treeSize < 0 || rootHash.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("bad tree size or root hash");
        }
        rootHash = rootHash.clone();
        issuedAt = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text that is signed. */
    public String text() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n" + "time "
                + issuedAt + "\n";
    }

    /** The signed note. The key name is the origin. */
    public String sign(PrivateKey privateKey, PublicKey publicKey) {
        return SignedNote.sign(text(), origin, privateKey, publicKey);
    }

    /** A checkpoint whose signature holds, and the trusted key that signed it. */
    public record Verified(Checkpoint checkpoint, PublicKey signer) {}

    /**
     * Verifies a signed checkpoint against the log's public key and reads it.
     *
     * @param origin the expected origin, or {@code null} to take the note's (its first line)
     * @throws ProofException if it is malformed, of another log, or not signed by the key
     */
    public static Checkpoint verify(String note, String origin, PublicKey key) {
        return open(note, origin, List.of(key)).checkpoint();
    }

    /**
     * Verifies a signed checkpoint against the log's keys (its current key and earlier ones) and reads it.
     *
     * @param origin the expected origin, or {@code null} to take the note's (its first line)
     * @throws ProofException if it is malformed, of another log, or not signed by one of the keys
     */
    public static Verified open(String note, String origin, List<PublicKey> keys) {
        String name = origin != null ? origin : note.substring(0, Math.max(0, note.indexOf('\n')));
        SignedNote.Opened opened = SignedNote.open(note, name, keys);
        Checkpoint checkpoint = parse(opened.text());
        if (!checkpoint.origin.equals(name)) {
            throw new ProofException("the checkpoint is of log " + checkpoint.origin + ", not " + name);
        }
        return new Verified(checkpoint, opened.signer());
    }

    /** Reads a checkpoint's text (unsigned). */
    static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 5 || !lines[lines.length - 1].isEmpty()) {
            throw new ProofException("a checkpoint has an origin, a size, a root hash and a time line");
        }
        long size;
        byte[] root;
        try {
            if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
                throw new NumberFormatException(lines[1]);
            }
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new ProofException("the checkpoint's tree size is not a decimal number: " + lines[1]);
        }
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new ProofException("the checkpoint's root hash is not base64");
        }
        if (root.length != Merkle.HASH_SIZE) {
            throw new ProofException("the checkpoint's root hash has " + root.length + " bytes, not 32");
        }
        Instant time = null;
        for (int i = 3; i < lines.length - 1; i++) {
            if (lines[i].startsWith("time ")) {
                try {
                    time = Instant.parse(lines[i].substring(5));
                } catch (DateTimeParseException e) {
                    throw new ProofException("the checkpoint's time is not an ISO-8601 instant: " + lines[i]);
                }
            }
        }
        if (time == null) {
            throw new ProofException("the checkpoint has no time line");
        }
        try {
            return new Checkpoint(lines[0], size, root, time);
        } catch (IllegalArgumentException e) {
            throw new ProofException("the checkpoint's origin line is blank or has surrounding white space");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && origin.equals(that.origin)
                && treeSize == that.treeSize
                && Arrays.equals(rootHash, that.rootHash)
                && issuedAt.equals(that.issuedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), issuedAt);
    }

    @Override
    public String toString() {
        return "checkpoint " + origin + " size " + treeSize + " root "
                + Base64.getEncoder().encodeToString(rootHash) + " at " + issuedAt;
    }
}
