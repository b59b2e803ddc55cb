package dev.breachnotify.audit.checkpoint;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A checkpoint of the audit log as issued: what it says, and the signed note that is the evidence (a C2SP
 * tlog-checkpoint, see {@link dev.breachnotify.verifier.Checkpoint}).
 *
 * @param origin     the log's name, the first line of the note and the signing key's name
 * @param treeSize   the number of entries covered (indexes 0 to treeSize - 1)
 * @param rootHash   their RFC 6962 Merkle Tree Hash (32 bytes)
 * @param issuedAt   when it was signed (whole seconds)
 * @param signedNote the note, signature line included
 */
public record SignedCheckpoint(String origin, long treeSize, byte[] rootHash, Instant issuedAt, String signedNote) {

    public SignedCheckpoint {
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedCheckpoint that
                && treeSize == that.treeSize
                && origin.equals(that.origin)
                && Arrays.equals(rootHash, that.rootHash)
                && issuedAt.equals(that.issuedAt)
                && signedNote.equals(that.signedNote);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, treeSize, Arrays.hashCode(rootHash), issuedAt);
    }

    @Override
    public String toString() {
        return "SignedCheckpoint[" + origin + ", size " + treeSize + ", issued " + issuedAt + "]";
    }
}
