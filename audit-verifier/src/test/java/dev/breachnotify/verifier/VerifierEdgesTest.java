package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The messages and edges of checkpoints, signed notes and the verifier that the other tests leave open. */
class VerifierEdgesTest {

    private static final KeyPair KEYS = NoteKeys.generate();
    private static final TestLog LOG = new TestLog(KEYS, 12);

    @Test
    void checkpointsAreEqualByEveryFieldAndPrintWithoutTheirSignature() {
        byte[] root = new byte[32];
        Checkpoint checkpoint = new Checkpoint("o", 3, root, TestLog.T0);

        assertThat(checkpoint).isEqualTo(new Checkpoint("o", 3, root.clone(), TestLog.T0.plusMillis(300)));
        assertThat(checkpoint.hashCode()).isEqualTo(new Checkpoint("o", 3, root.clone(), TestLog.T0).hashCode());
        root[0] = 1;
        for (Checkpoint other : List.of(
                new Checkpoint("p", 3, new byte[32], TestLog.T0),
                new Checkpoint("o", 4, new byte[32], TestLog.T0),
                new Checkpoint("o", 3, root, TestLog.T0),
                new Checkpoint("o", 3, new byte[32], TestLog.T0.plusSeconds(1)))) {
            assertThat(checkpoint).isNotEqualTo(other);
        }
        assertThat(checkpoint).isNotEqualTo("o");
        assertThat(checkpoint)
                .hasToString(
                        "checkpoint o size 3 root AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= at 2026-12-01T10:00:00Z");
    }

    @Test
    void aSignedNoteNamesWhatIsWrongWithIt() {
        String note = SignedNote.sign("o\ntext\n", "o", KEYS.getPrivate(), KEYS.getPublic());
        String signature = note.substring(note.lastIndexOf(' ') + 1).strip();
        byte[] blob = Base64.getDecoder().decode(signature);

        assertThatThrownBy(() -> SignedNote.sign("no newline", "o", KEYS.getPrivate(), KEYS.getPublic()))
                .isInstanceOf(ProofException.class)
                .hasMessage("a note's text must be non-empty lines ending in a newline");
        // a note whose text is one empty line is read as such, and its signature then does not hold
        assertThatThrownBy(() -> SignedNote.verify("\n\n\u2014 o " + signature + "\n", "o", KEYS.getPublic()))
                .hasMessageContaining("does not verify");
        String longLine = "x".repeat(100);
        assertThatThrownBy(() -> SignedNote.verify("o\ntext\n\n" + longLine + "\n", "o", KEYS.getPublic()))
                .hasMessage("not a signature line: " + "x".repeat(60) + "…");
        assertThatThrownBy(() -> SignedNote.verify("o\ntext\n\n" + "x".repeat(60) + "\n", "o", KEYS.getPublic()))
                .hasMessage("not a signature line: " + "x".repeat(60));
        // the key id alone, and the key id with a signature of the wrong length: forgeries, not unknown keys
        for (byte[] forged : List.of(Arrays.copyOf(blob, 4), Arrays.copyOf(blob, 14))) {
            assertThatThrownBy(() -> SignedNote.verify(
                            "o\ntext\n\n\u2014 o " + Base64.getEncoder().encodeToString(forged) + "\n",
                            "o",
                            KEYS.getPublic()))
                    .hasMessageContaining("does not verify");
        }
        KeyPair other = NoteKeys.generate();
        assertThatThrownBy(() -> SignedNote.open(
                        note,
                        "o",
                        List.of(other.getPublic(), NoteKeys.generate().getPublic())))
                .hasMessageMatching("the note bears no signature of key o \\(id any of [0-9a-f]{8}, [0-9a-f]{8}\\)");
    }

    @Test
    void anOlderCheckpointOfTheSameSizeMustHaveTheSameRoot() throws IOException {
        List<String> export = LOG.export(i -> true, true, null);

        ExportVerifier.Result same =
                new ExportVerifier(KEYS.getPublic(), LOG.checkpoint(12), null).verify(reader(export));
        assertThat(same.older().treeSize()).isEqualTo(12);
        assertThat(new ExportVerifier(KEYS.getPublic(), LOG.checkpoint(0), null)
                        .verify(reader(export))
                        .older()
                        .treeSize())
                .isZero();

        String forkedRoot =
                new Checkpoint(TestLog.ORIGIN, 12, new byte[32], TestLog.T0).sign(KEYS.getPrivate(), KEYS.getPublic());
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), forkedRoot, null).verify(reader(export)))
                .isInstanceOf(ProofException.class);
        String larger =
                new Checkpoint(TestLog.ORIGIN, 13, new byte[32], TestLog.T0).sign(KEYS.getPrivate(), KEYS.getPublic());
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), larger, null).verify(reader(export)))
                .hasMessageContaining("the older checkpoint (size 13) is larger than the export's (size 12)");
    }

    @Test
    void theVerifierNamesTheLineOfTextAfterTheEndAndOfARepeatedEntry() {
        List<String> export = new ArrayList<>(LOG.export(i -> true, true, null));
        List<String> after = new ArrayList<>(export);
        after.add("");
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), null, null).verify(reader(after)))
                .hasMessage("line " + (export.size() + 1) + ": text after the end line");

        List<String> repeated = new ArrayList<>(export);
        repeated.add(5, export.get(4));
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), null, null).verify(reader(repeated)))
                .hasMessage("line 6 (entry index 2): entries are out of order: index 2 follows index 2 (an entry was "
                        + "moved or repeated)");

        List<String> filtered = LOG.export(i -> i == 3 || i == 8, false, null);
        List<String> skipped = new ArrayList<>(filtered);
        skipped.set(3, filtered.get(3).replace("\"prev\":3", "\"prev\":2"));
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), null, null).verify(reader(skipped)))
                .hasMessage("line 4 (entry index 8): the previous entry of this export should be 2, not 3 (an entry "
                        + "was inserted)");
        skipped.set(3, filtered.get(3).replace("\"prev\":3", "\"prev\":5"));
        assertThatThrownBy(() -> new ExportVerifier(KEYS.getPublic(), null, null).verify(reader(skipped)))
                .hasMessage("line 4 (entry index 8): entry 5 should precede this one in the export and is missing "
                        + "(deleted)");
    }

    /**
     * The verifier's remembering inclusion check agrees with a plain RFC 9162 check for any run of entries, also
     * when a proof after a good one is corrupt where the two share their path.
     */
    @Property(tries = 300)
    void theRememberingInclusionCheckAgreesWithThePlainOne(
            @ForAll @IntRange(min = 1, max = 40) int size,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 39) Integer> indexes,
            @ForAll @Size(max = 12) List<@IntRange(min = -1, max = 8) Integer> corruptions) {
        TestLog log = new TestLog(KEYS, size);
        byte[] root = log.root(size);
        ExportVerifier.InclusionCache cache = new ExportVerifier.InclusionCache(size, root);
        List<Integer> run =
                indexes.stream().map(i -> i % size).sorted().distinct().toList();
        for (int n = 0; n < run.size(); n++) {
            long index = run.get(n);
            List<byte[]> proof = new ArrayList<>(
                    Merkle.inclusionPath(index, size).stream().map(log::hash).toList());
            int corrupt = n < corruptions.size() ? corruptions.get(n) : -1;
            if (corrupt >= 0 && corrupt < proof.size()) {
                byte[] changed = proof.get(corrupt).clone();
                changed[0] ^= 1;
                proof.set(corrupt, changed);
            }
            byte[] leaf = log.leaves.get((int) index);
            boolean plain = holds(() -> Merkle.verifyInclusion(index, size, leaf, proof, root));
            boolean remembering = holds(() -> cache.verify(index, leaf, proof));
            assertThat(remembering)
                    .as("index %d of %d, corrupt hash %d", index, size, corrupt)
                    .isEqualTo(plain);
        }
    }

    private static boolean holds(Runnable check) {
        try {
            check.run();
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    private static BufferedReader reader(List<String> lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
    }
}
