package dev.breachnotify.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The Merkle tree of <a href="https://www.rfc-editor.org/rfc/rfc6962#section-2.1">RFC 6962 section 2.1</a> (the
 * same tree as RFC 9162 section 2.1): leaf and node hashing, the split rule, which subtrees make up an inclusion
 * or consistency proof, and the verification algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2.
 *
 * <p>Proof <em>generation</em> is expressed as ranges of leaves ({@link Range}) whose Merkle Tree Hash makes up
 * each proof element, and each range as the perfect subtrees ({@link Node}) that cover it. A store that keeps the
 * hash of every perfect subtree (the audit service keeps them in PostgreSQL) can then answer any proof with
 * O(log n) lookups, and an in-memory list can answer it by hashing ({@link #rootOf}).
 */
public final class Merkle {

    /** SHA-256. */
    public static final int HASH_SIZE = 32;
    /** The hash of the empty tree: SHA-256 of nothing. */
    public static final byte[] EMPTY_ROOT = sha256().digest();

    private Merkle() {}

    /** One digest per thread: looking one up for every hash was a few percent of a whole-log verification. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Merkle::sha256);

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leafHash(byte[] data) {
        MessageDigest sha256 = digest();
        sha256.update((byte) 0x00);
        return sha256.digest(data);
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = digest();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** The largest power of two smaller than {@code n} (RFC 6962's k), for {@code n >= 2}. */
    public static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("no split for a tree of " + n + " leaves");
        }
        return Long.highestOneBit(n - 1);
    }

    /** The Merkle Tree Hash of a list of leaf hashes (in memory; for tests and small trees). */
    public static byte[] rootOf(List<byte[]> leafHashes) {
        return leafHashes.isEmpty()
                ? EMPTY_ROOT.clone()
                : hashRange(new Range(0, leafHashes.size()), node -> rangeRoot(leafHashes, node.start(), node.end()));
    }

    private static byte[] rangeRoot(List<byte[]> leaves, long start, long end) {
        if (end - start == 1) {
            return leaves.get((int) start);
        }
        long k = split(end - start);
        return nodeHash(rangeRoot(leaves, start, start + k), rangeRoot(leaves, start + k, end));
    }

    /**
     * A perfect subtree: the {@code 2^level} leaves from {@code index * 2^level}. Level 0 is a leaf.
     */
    public record Node(int level, long index) {
        public Node {
            if (level < 0 || level > 62 || index < 0) {
                throw new IllegalArgumentException("no node at level " + level + ", index " + index);
            }
        }

        public long start() {
            return index << level;
        }

        public long end() {
            return (index + 1) << level;
        }
    }

    /** The leaves {@code start} (inclusive) to {@code end} (exclusive), as one proof element: their MTH. */
    public record Range(long start, long end) {
        public Range {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("empty or negative range " + start + ".." + end);
            }
        }

        /**
         * The perfect subtrees whose hashes make up this range's MTH, largest (leftmost) first. The range must be
         * one the RFC's recursion produces (it starts at a multiple of a power of two at least its length).
         */
        public List<Node> cover() {
            List<Node> nodes = new ArrayList<>(4);
            long start = this.start;
            while (start < end) {
                long length = end - start;
                long size = Long.bitCount(length) == 1 ? length : split(length);
                if (start % size != 0) {
                    throw new IllegalArgumentException(
                            "range " + this.start + ".." + end + " is not a subtree of an RFC 6962 tree");
                }
                nodes.add(new Node(Long.numberOfTrailingZeros(size), start / size));
                start += size;
            }
            return nodes;
        }
    }

    /** The MTH of a range, from the hashes of the perfect subtrees that cover it. */
    public static byte[] hashRange(Range range, Function<Node, byte[]> perfect) {
        List<Node> cover = range.cover();
        byte[] hash = perfect.apply(cover.get(cover.size() - 1));
        for (int i = cover.size() - 2; i >= 0; i--) {
            hash = nodeHash(perfect.apply(cover.get(i)), hash);
        }
        return hash;
    }

    /** Folds the hashes of a frontier (perfect subtrees, largest first) into the root they make up. */
    public static byte[] foldFrontier(List<byte[]> largestFirst) {
        if (largestFirst.isEmpty()) {
            return EMPTY_ROOT.clone();
        }
        byte[] hash = largestFirst.get(largestFirst.size() - 1);
        for (int i = largestFirst.size() - 2; i >= 0; i--) {
            hash = nodeHash(largestFirst.get(i), hash);
        }
        return hash;
    }

    /** The perfect subtrees that make up a tree of {@code size} leaves, largest first. */
    public static List<Node> frontier(long size) {
        List<Node> nodes = new ArrayList<>(Long.bitCount(size));
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                nodes.add(new Node(level, start >> level));
                start += width;
            }
        }
        return nodes;
    }

    /**
     * The ranges whose hashes form the inclusion proof of leaf {@code index} in a tree of {@code size} leaves
     * (RFC 6962 PATH), in the order of the proof: from the leaf's sibling up to the root's child.
     */
    public static List<Range> inclusionPath(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<Range> topDown = new ArrayList<>(64);
        long start = 0;
        long end = size;
        while (end - start > 1) {
            long k = split(end - start);
            if (index < start + k) {
                topDown.add(new Range(start + k, end));
                end = start + k;
            } else {
                topDown.add(new Range(start, start + k));
                start += k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * The ranges whose hashes form the consistency proof between trees of {@code first} and {@code second}
     * leaves (RFC 6962 PROOF / SUBPROOF), in the order of the proof. Empty for {@code first} 0 or equal sizes.
     */
    public static List<Range> consistencyPath(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<Range> topDown = new ArrayList<>(64);
        if (first == 0 || first == second) {
            return topDown;
        }
        long start = 0;
        long end = second;
        long m = first;
        boolean complete = true; // RFC 6962's b: the old tree is the whole of this subtree's left part
        while (true) {
            long length = end - start;
            if (m == length) {
                if (!complete) {
                    topDown.add(new Range(start, end));
                }
                break;
            }
            long k = split(length);
            if (m <= k) {
                topDown.add(new Range(start + k, end));
                end = start + k;
            } else {
                topDown.add(new Range(start, start + k));
                m -= k;
                start += k;
                complete = false;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * Verifies an inclusion proof (RFC 9162 section 2.1.3.2).
     *
     * @throws ProofException naming what is wrong
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        byte[] computed = rootFromInclusion(index, size, leafHash, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new ProofException(
                    "the inclusion proof of index " + index + " does not lead to the root of tree size " + size);
        }
    }

    /** The root an inclusion proof leads to (RFC 9162 section 2.1.3.2 steps 1 to 5). */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        checkHash("leaf hash", leafHash);
        if (index < 0 || index >= size) {
            throw new ProofException("index " + index + " is outside a tree of size " + size);
        }
        int expected = inclusionLength(index, size);
        if (proof.size() != expected) {
            throw new ProofException("the inclusion proof of index " + index + " in tree size " + size + " has "
                    + proof.size() + " hashes, not " + expected);
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            checkHash("proof hash", p);
            if (sn == 0) {
                throw new ProofException("the inclusion proof is longer than the path to the root");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("the inclusion proof is shorter than the path to the root");
        }
        return r;
    }

    /** The number of hashes in the inclusion proof of leaf {@code index} of a tree of {@code size}. */
    public static int inclusionLength(long index, long size) {
        // The path has one element per level down to the leaf: the bits of the largest differing position
        // plus the levels of the right edge below it.
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        int border = Long.bitCount(index >> inner);
        return inner + border;
    }

    /**
     * Verifies a consistency proof (RFC 9162 section 2.1.4.2), including its degenerate cases: equal sizes need
     * an empty proof and equal roots; an empty first tree needs an empty proof and the empty root.
     *
     * @throws ProofException naming what is wrong
     */
    public static void verifyConsistency(
            long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        checkHash("first root", firstRoot);
        checkHash("second root", secondRoot);
        if (first < 0 || second < first) {
            throw new ProofException("tree size " + second + " cannot extend tree size " + first);
        }
        if (first == second) {
            if (!proof.isEmpty()) {
                throw new ProofException("a consistency proof between equal sizes must be empty");
            }
            if (!MessageDigest.isEqual(firstRoot, secondRoot)) {
                throw new ProofException("two checkpoints of tree size " + first + " have different roots");
            }
            return;
        }
        if (first == 0) {
            if (!proof.isEmpty()) {
                throw new ProofException("a consistency proof from the empty tree must be empty");
            }
            if (!MessageDigest.isEqual(firstRoot, EMPTY_ROOT)) {
                throw new ProofException("the root of tree size 0 must be the empty hash");
            }
            return;
        }
        int expected = consistencyPath(first, second).size();
        if (proof.size() != expected) {
            throw new ProofException("the consistency proof from " + first + " to " + second + " has " + proof.size()
                    + " hashes, not " + expected);
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(first) == 1) {
            path.add(firstRoot);
        }
        path.addAll(proof);
        for (byte[] p : path) {
            checkHash("proof hash", p);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw new ProofException("the consistency proof is longer than the path to the root");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException("the consistency proof is shorter than the path to the root");
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            throw new ProofException("the consistency proof does not lead to the older root (tree size " + first
                    + "): the log was rewritten, or the proof is corrupt");
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            throw new ProofException("the consistency proof does not lead to the newer root (tree size " + second
                    + "): the log was rewritten, or the proof is corrupt");
        }
    }

    private static void checkHash(String what, byte[] hash) {
        if (hash == null || hash.length != HASH_SIZE) {
            throw new ProofException(
                    what + " must be " + HASH_SIZE + " bytes, not " + (hash == null ? "missing" : hash.length));
        }
    }

    /** This thread's digest, reset (a call that failed half-way must not leave its input in it). */
    private static MessageDigest digest() {
        MessageDigest sha256 = DIGEST.get();
        sha256.reset();
        return sha256;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** For messages: a short hex prefix of a hash. */
    static String shortHex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(hash, Math.min(hash.length, 8)));
    }
}
