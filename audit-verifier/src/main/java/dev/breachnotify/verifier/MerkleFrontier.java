package dev.breachnotify.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing Merkle tree: the hashes of the perfect subtrees that make up its leaves so far
 * (one per set bit of the size, largest first). Appending a leaf completes zero or more perfect subtrees, which
 * are reported to a {@link Sink} so that a store can keep them; the root of the tree so far is a fold of the
 * frontier. Memory is O(log n) whatever the size.
 */
public final class MerkleFrontier {

    /** Receives each perfect subtree completed by an append, in the order they complete (lowest first). */
    @FunctionalInterface
    public interface Sink {
        void completed(Merkle.Node node, byte[] hash);
    }

    private final List<byte[]> hashes;
    private long size;

    public MerkleFrontier() {
        this(0, List.of());
    }

    /**
     * Resumes a tree of {@code size} leaves from the hashes of {@link Merkle#frontier(long)}, largest first.
     */
    public MerkleFrontier(long size, List<byte[]> frontierHashes) {
        if (frontierHashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                    + " frontier subtrees, not " + frontierHashes.size());
        }
        this.size = size;
        this.hashes = new ArrayList<>(frontierHashes);
    }

    /** Appends a leaf hash; the subtrees it completes (level 1 and up) go to {@code sink}. */
    public void append(byte[] leafHash, Sink sink) {
        byte[] hash = leafHash;
        long end = size + 1;
        int level = 0;
        // Each trailing one bit of the old size is a subtree of the same level waiting for its right sibling
        while (((size >> level) & 1) == 1) {
            hash = Merkle.nodeHash(hashes.remove(hashes.size() - 1), hash);
            level++;
            if (sink != null) {
                sink.completed(new Merkle.Node(level, (end >> level) - 1), hash);
            }
        }
        hashes.add(hash);
        size = end;
    }

    /** The number of leaves so far. */
    public long size() {
        return size;
    }

    /** The root of the tree so far. */
    public byte[] root() {
        return Merkle.foldFrontier(hashes);
    }
}
