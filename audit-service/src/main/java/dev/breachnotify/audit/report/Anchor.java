package dev.breachnotify.audit.report;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed checkpoint of the audit log: the Merkle tree head over the first {@code treeSize} entries, as the
 * checkpoint code publishes it. The evidence report prints it so that a verifier can check the report's entries
 * against a head the vendor signed.
 *
 * @param origin     the log's name in the signed note (its first line)
 * @param treeSize   how many entries the tree covers: indexes {@code 0 .. treeSize - 1}
 * @param rootHash   the RFC 6962 root hash of those entries
 * @param issuedAt   when the checkpoint was signed
 * @param signedNote the checkpoint as a signed note (text with signature lines), printed verbatim
 */
public record Anchor(String origin, long treeSize, byte[] rootHash, Instant issuedAt, String signedNote) {

    /** The root hash in lower-case hex. */
    public String rootHashHex() {
        return rootHash == null ? "" : HexFormat.of().formatHex(rootHash);
    }
}
