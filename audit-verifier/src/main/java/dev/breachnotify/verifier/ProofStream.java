package dev.breachnotify.verifier;

import java.util.List;

/**
 * Plans the inclusion proofs of an export's entries, in index order, against one tree size: which ranges each
 * proof needs that the previous entry's proof does not already carry ({@code proofReused} in the export format).
 * The caller looks up the hashes of the fresh ranges only.
 */
public final class ProofStream {

    /** One entry's proof: the ranges to send, and how many of the previous proof's top hashes complete it. */
    public record Step(List<Merkle.Range> fresh, int reused) {}

    private final long treeSize;
    private List<Merkle.Range> previous = List.of();

    public ProofStream(long treeSize) {
        this.treeSize = treeSize;
    }

    /** The next entry's proof (indexes must increase). */
    public Step next(long index) {
        List<Merkle.Range> path = Merkle.inclusionPath(index, treeSize);
        int shared = 0;
        while (shared < path.size()
                && shared < previous.size()
                && path.get(path.size() - 1 - shared).equals(previous.get(previous.size() - 1 - shared))) {
            shared++;
        }
        previous = path;
        return new Step(path.subList(0, path.size() - shared), shared);
    }
}
