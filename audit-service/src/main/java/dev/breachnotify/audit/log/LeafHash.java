package dev.breachnotify.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The leaf hash of an audit log entry: {@code SHA-256(0x00 || UTF-8(canonical JSON))}, the leaf hashing of
 * <a href="https://www.rfc-editor.org/rfc/rfc6962#section-2.1">RFC 6962 section 2.1</a>. The 0x00 prefix keeps leaf
 * hashes apart from interior node hashes (prefix 0x01) of the Merkle tree that checkpoints will build over the
 * log in index order, so that no interior node can pass for an entry.
 */
public final class LeafHash {

    /** The domain-separation prefix of a leaf (RFC 6962). */
    public static final byte LEAF_PREFIX = 0x00;

    private LeafHash() {}

    /** The leaf hash of an entry's canonical JSON (see {@link CanonicalJson}). */
    public static byte[] of(String canonicalJson) {
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(canonicalJson.getBytes(StandardCharsets.UTF_8));
        return sha256.digest();
    }

    /** Lower-case hex, as the export writes it. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
