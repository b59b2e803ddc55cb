package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Merkle math against the RFC 6962 reference vectors (the Certificate Transparency test tree, as used by
 * google/certificate-transparency and transparency-dev/merkle), then every proof of every tree up to 70 leaves,
 * and each way of corrupting a proof.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();
    /** The eight reference leaves. */
    private static final String[] DATA = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
    };
    /** The reference roots of the trees of 0..8 leaves. */
    private static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    };

    private static List<byte[]> referenceLeaves() {
        List<byte[]> leaves = new ArrayList<>();
        for (String data : DATA) {
            leaves.add(Merkle.leafHash(HEX.parseHex(data)));
        }
        return leaves;
    }

    @Test
    void rootsMatchTheReferenceTreeForEverySize() {
        List<byte[]> leaves = referenceLeaves();
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(Merkle.rootOf(leaves.subList(0, n))))
                    .as("root of %d", n)
                    .isEqualTo(ROOTS[n]);
            MerkleFrontier frontier = new MerkleFrontier();
            leaves.subList(0, n).forEach(leaf -> frontier.append(leaf, null));
            assertThat(HEX.formatHex(frontier.root()))
                    .as("frontier root of %d", n)
                    .isEqualTo(ROOTS[n]);
        }
    }

    @Test
    void inclusionProofsMatchTheReferenceVectors() {
        List<byte[]> leaves = referenceLeaves();
        assertThat(proof(leaves, 0, 8))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(proof(leaves, 5, 8))
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void consistencyProofsMatchTheReferenceVectors() {
        List<byte[]> leaves = referenceLeaves();
        assertThat(consistency(leaves, 2, 8))
                .containsExactly(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(consistency(leaves, 6, 8))
                .containsExactly(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        for (long[] pair : new long[][] {{2, 8}, {6, 8}}) {
            Merkle.verifyConsistency(
                    pair[0],
                    pair[1],
                    HEX.parseHex(ROOTS[(int) pair[0]]),
                    HEX.parseHex(ROOTS[(int) pair[1]]),
                    hashes(leaves, Merkle.consistencyPath(pair[0], pair[1])));
        }
    }

    @Test
    void everyProofOfEveryTreeUpTo70LeavesVerifiesAndHasThePredictedLength() {
        List<byte[]> leaves = leaves(70);
        for (int n = 1; n <= 70; n++) {
            byte[] root = Merkle.rootOf(leaves.subList(0, n));
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = hashes(leaves, Merkle.inclusionPath(m, n));
                assertThat(proof).hasSize(Merkle.inclusionLength(m, n));
                Merkle.verifyInclusion(m, n, leaves.get(m), proof, root);
            }
            for (int m = 0; m <= n; m++) {
                Merkle.verifyConsistency(
                        m, n, Merkle.rootOf(leaves.subList(0, m)), root, hashes(leaves, Merkle.consistencyPath(m, n)));
            }
        }
    }

    @Test
    void everyCorruptionOfAnInclusionProofIsRejected() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<byte[]> leaves = leaves(302);
        for (int round = 0; round < 400; round++) {
            int n = 2 + random.nextInt(299);
            int m = random.nextInt(n);
            byte[] root = Merkle.rootOf(leaves.subList(0, n));
            List<byte[]> proof = hashes(leaves, Merkle.inclusionPath(m, n));
            String where = "seed " + seed + ", leaf " + m + " of " + n;

            assertRejected(where + ": index+1", () -> Merkle.verifyInclusion(m + 1, n, leaves.get(m), proof, root));
            if (m > 0) {
                assertRejected(where + ": index-1", () -> Merkle.verifyInclusion(m - 1, n, leaves.get(m), proof, root));
            }
            // The size is bound to a root by the signed checkpoint: a wrong size means that size's root
            assertRejected(
                    where + ": size+1",
                    () -> Merkle.verifyInclusion(
                            m, n + 1, leaves.get(m), proof, Merkle.rootOf(leaves.subList(0, n + 1))));
            if (m < n - 1) {
                assertRejected(
                        where + ": size-1",
                        () -> Merkle.verifyInclusion(
                                m, n - 1, leaves.get(m), proof, Merkle.rootOf(leaves.subList(0, n - 1))));
            }
            assertRejected(
                    where + ": wrong leaf", () -> Merkle.verifyInclusion(m, n, leaves.get((m + 1) % n), proof, root));
            assertRejected(
                    where + ": wrong root",
                    () -> Merkle.verifyInclusion(m, n, leaves.get(m), proof, Merkle.rootOf(leaves.subList(0, n - 1))));
            assertRejected(
                    where + ": truncated",
                    () -> Merkle.verifyInclusion(m, n, leaves.get(m), proof.subList(0, proof.size() - 1), root));
            List<byte[]> extended = new ArrayList<>(proof);
            extended.add(leaves.get(0));
            assertRejected(where + ": extended", () -> Merkle.verifyInclusion(m, n, leaves.get(m), extended, root));
            List<byte[]> flipped = new ArrayList<>(proof);
            int at = random.nextInt(proof.size());
            byte[] hash = flipped.get(at).clone();
            hash[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
            flipped.set(at, hash);
            assertRejected(
                    where + ": flipped bit in hash " + at,
                    () -> Merkle.verifyInclusion(m, n, leaves.get(m), flipped, root));
        }
    }

    @Test
    void everyCorruptionOfAConsistencyProofIsRejected() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<byte[]> leaves = leaves(302);
        for (int round = 0; round < 300; round++) {
            int n = 3 + random.nextInt(298);
            int m = 1 + random.nextInt(n - 1);
            byte[] oldRoot = Merkle.rootOf(leaves.subList(0, m));
            byte[] newRoot = Merkle.rootOf(leaves.subList(0, n));
            List<byte[]> proof = hashes(leaves, Merkle.consistencyPath(m, n));
            String where = "seed " + seed + ", " + m + " to " + n;

            assertRejected(
                    where + ": old size+1",
                    () -> Merkle.verifyConsistency(m + 1, n, Merkle.rootOf(leaves.subList(0, m + 1)), newRoot, proof));
            if (m < n - 1) {
                assertRejected(
                        where + ": new size-1",
                        () -> Merkle.verifyConsistency(
                                m, n - 1, oldRoot, Merkle.rootOf(leaves.subList(0, n - 1)), proof));
            }
            assertRejected(where + ": wrong old root", () -> Merkle.verifyConsistency(m, n, newRoot, newRoot, proof));
            assertRejected(where + ": wrong new root", () -> Merkle.verifyConsistency(m, n, oldRoot, oldRoot, proof));
            assertRejected(
                    where + ": truncated",
                    () -> Merkle.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(0, proof.size() - 1)));
            List<byte[]> extended = new ArrayList<>(proof);
            extended.add(oldRoot);
            assertRejected(where + ": extended", () -> Merkle.verifyConsistency(m, n, oldRoot, newRoot, extended));
            List<byte[]> flipped = new ArrayList<>(proof);
            int at = random.nextInt(proof.size());
            byte[] hash = flipped.get(at).clone();
            hash[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
            flipped.set(at, hash);
            assertRejected(where + ": flipped bit", () -> Merkle.verifyConsistency(m, n, oldRoot, newRoot, flipped));
        }
    }

    @Test
    void theFrontierReportsEveryPerfectSubtreeOnceAndResumesFromIt() {
        List<byte[]> leaves = leaves(100);
        java.util.Map<Merkle.Node, byte[]> nodes = new java.util.HashMap<>();
        MerkleFrontier frontier = new MerkleFrontier();
        for (int i = 0; i < 100; i++) {
            nodes.put(new Merkle.Node(0, i), leaves.get(i));
            frontier.append(
                    leaves.get(i),
                    (node, hash) -> assertThat(nodes.put(node, hash)).isNull());
            long size = i + 1;
            List<byte[]> edge = Merkle.frontier(size).stream().map(nodes::get).toList();
            assertThat(new MerkleFrontier(size, edge).root()).isEqualTo(Merkle.rootOf(leaves.subList(0, i + 1)));
        }
        assertThat(nodes).hasSize(100 + 100 - Long.bitCount(100)); // n leaves, n - popcount(n) inner nodes
        for (Merkle.Node node : nodes.keySet()) {
            assertThat(nodes.get(node)).isEqualTo(Merkle.rootOf(leaves.subList((int) node.start(), (int) node.end())));
        }
    }

    @Test
    void rangesOutsideTheTreeShapeAreRefused() {
        assertThatThrownBy(() -> new Merkle.Range(1, 3).cover()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.inclusionPath(5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Merkle.leafHash(("entry " + i).getBytes()));
        }
        return leaves;
    }

    static List<byte[]> hashes(List<byte[]> leaves, List<Merkle.Range> ranges) {
        return ranges.stream()
                .map(range -> Merkle.hashRange(
                        range, node -> Merkle.rootOf(leaves.subList((int) node.start(), (int) node.end()))))
                .toList();
    }

    private static List<String> proof(List<byte[]> leaves, long m, long n) {
        return hashes(leaves, Merkle.inclusionPath(m, n)).stream()
                .map(HEX::formatHex)
                .toList();
    }

    private static List<String> consistency(List<byte[]> leaves, long m, long n) {
        return hashes(leaves, Merkle.consistencyPath(m, n)).stream()
                .map(HEX::formatHex)
                .toList();
    }

    private static void assertRejected(String what, Runnable verification) {
        assertThatThrownBy(verification::run).as(what).isInstanceOf(ProofException.class);
    }
}
