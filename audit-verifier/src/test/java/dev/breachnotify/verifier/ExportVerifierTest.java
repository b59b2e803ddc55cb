package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier against exports tampered with in every way the issue lists, each at many random positions. The
 * seed is printed in every failure message; rerun with it by setting {@code -Dverifier.seed=<seed>}.
 */
class ExportVerifierTest {

    private static final int SIZE = 300;
    private static final long SEED = Long.getLong("verifier.seed", new Random().nextLong());
    private static final int ROUNDS = 60;
    private static final Pattern PROOF = Pattern.compile("\"proof\":\\[(\"[^\"]+\"(,\"[^\"]+\")*)]");

    private static KeyPair keys;
    private static TestLog log;
    private static List<String> complete;
    private static List<String> filtered;

    @BeforeAll
    static void exports() {
        keys = NoteKeys.generate();
        log = new TestLog(keys, SIZE);
        complete = log.export(i -> true, true, null);
        filtered = log.export(i -> i % 7 == 3, false, null);
    }

    @Test
    void untouchedExportsVerify() throws IOException {
        assertThat(verify(complete, null).entries()).isEqualTo(SIZE);
        assertThat(verify(filtered, null).entries()).isEqualTo((SIZE + 3) / 7);
        // one entry alone, and no entry at all
        assertThat(verify(log.export(i -> i == 123, false, null), null).entries())
                .isEqualTo(1);
        assertThat(verify(log.export(i -> false, false, null), null).entries()).isZero();
    }

    @Test
    void aChangedEventIsNamed() {
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int line = firstEntryLine(export) + random.nextInt(entries(export));
                List<String> tampered = new ArrayList<>(export);
                tampered.set(line, tampered.get(line).replace("Müller", "Mueller"));
                assertProblem(tampered, line, index(export.get(line)), "the event was changed");
            }
        }
    }

    @Test
    void aChangedEventWithARecomputedLeafHashIsNamed() {
        // the database administrator's case: the row and its leaf hash changed, the tree's stored hashes did not
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int line = firstEntryLine(export) + random.nextInt(entries(export));
                String original = export.get(line);
                String event = (String) ((Map<?, ?>) Json.parse(original)).get("event");
                String forged = event.replace("email.sent", "email.failed");
                String leaf = Base64.getEncoder()
                        .encodeToString(Merkle.leafHash(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                String changed = original.replace("email.sent", "email.failed")
                        .replaceFirst(
                                "\"leafHash\":\"[^\"]+\"", Matcher.quoteReplacement("\"leafHash\":\"" + leaf + "\""));
                List<String> tampered = new ArrayList<>(export);
                tampered.set(line, changed);
                assertProblem(tampered, line, index(original), "not in the log");
            }
        }
    }

    @Test
    void aDeletedEntryIsNamed() {
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int line = firstEntryLine(export) + random.nextInt(entries(export) - 1);
                List<String> tampered = new ArrayList<>(export);
                tampered.remove(line);
                // reported at the entry that followed it, which now stands at the deleted one's line
                ExportVerifier.Problem problem = problem(tampered);
                assertThat(problem.line()).as(seed()).isEqualTo(line + 1);
                assertThat(problem.getMessage())
                        .as(seed())
                        .contains("missing")
                        .contains("deleted")
                        .contains(Long.toString(index(export.get(line))));
            }
        }
    }

    @Test
    void anInsertedEntryIsNamed() {
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int from = firstEntryLine(export) + random.nextInt(entries(export));
                int at = firstEntryLine(export) + random.nextInt(entries(export));
                List<String> tampered = new ArrayList<>(export);
                tampered.add(at, export.get(from)); // a copy of a genuine entry, proof and all
                ExportVerifier.Problem problem = problem(tampered);
                assertThat(problem.line()).as(seed()).isBetween((long) at + 1, (long) at + 2);
            }
        }
    }

    @Test
    void reorderedEntriesAreNamed() {
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int a = firstEntryLine(export) + random.nextInt(entries(export) - 1);
                int b = a + 1 + random.nextInt(firstEntryLine(export) + entries(export) - a - 1);
                List<String> tampered = new ArrayList<>(export);
                tampered.set(a, export.get(b));
                tampered.set(b, export.get(a));
                ExportVerifier.Problem problem = problem(tampered);
                assertThat(problem.line()).as(seed()).isBetween((long) a + 1, (long) a + 2);
            }
        }
    }

    @Test
    void aTruncatedExportOrLogIsDetected() {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            int keep = 1 + random.nextInt(complete.size() - 1);
            assertThat(problem(complete.subList(0, keep)).getMessage())
                    .as(seed())
                    .contains("truncated");
        }
        // a log cut short in the database and exported again: the checkpoint of the longer log no longer matches
        TestLog shorter = new TestLog(keys, SIZE - 5);
        List<String> export = shorter.export(i -> true, true, null);
        export.set(1, complete.get(1)); // the checkpoint the DPO published before the cut
        assertThat(problem(export).getMessage()).contains("line 3").contains("tree size 295");
    }

    @Test
    void aForgedCheckpointIsRefused() {
        KeyPair forger = NoteKeys.generate();
        TestLog forged = new TestLog(forger, SIZE);
        assertThat(problem(forged.export(i -> true, true, null)).getMessage())
                .contains("line 2")
                .contains("forged or damaged checkpoint");

        List<String> edited = new ArrayList<>(complete);
        edited.set(1, edited.get(1).replace("\\n" + SIZE + "\\n", "\\n" + (SIZE + 1) + "\\n"));
        assertThat(problem(edited).getMessage()).contains("line 2").contains("does not verify");
    }

    @Test
    void corruptProofsAreNamedAtTheirEntry() {
        Random random = new Random(SEED);
        for (List<String> export : List.of(complete, filtered)) {
            for (int round = 0; round < ROUNDS; round++) {
                int line = firstEntryLine(export) + random.nextInt(entries(export));
                String original = export.get(line);
                Matcher proof = PROOF.matcher(original);
                if (!proof.find()) {
                    continue; // this entry reuses its whole proof
                }
                List<String> hashes = new ArrayList<>(List.of(proof.group(1).split(",")));
                int which = random.nextInt(hashes.size());
                byte[] hash = Base64.getDecoder().decode(hashes.get(which).replace("\"", ""));
                String corruption = List.of("flip", "truncate", "extend", "reuse+1", "index+1", "size")
                        .get(round % 6);
                String changed = switch (corruption) {
                    case "flip" -> {
                        hash[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                        hashes.set(which, "\"" + Base64.getEncoder().encodeToString(hash) + "\"");
                        yield replaceProof(original, proof, hashes);
                    }
                    case "truncate" -> {
                        hashes.remove(which);
                        yield replaceProof(original, proof, hashes);
                    }
                    case "extend" -> {
                        hashes.add(which, hashes.get(which));
                        yield replaceProof(original, proof, hashes);
                    }
                    case "reuse+1" ->
                        original.replaceFirst("\"proofReused\":(\\d+)", "\"proofReused\":" + (reused(original) + 1));
                    case "index+1" -> original.replaceFirst("\"index\":(\\d+)", "\"index\":" + (index(original) + 1));
                    default -> original.replaceFirst("\"treeSize\":(\\d+)", "\"treeSize\":" + (SIZE + 1));
                };
                List<String> tampered = new ArrayList<>(export);
                tampered.set(line, changed);
                ExportVerifier.Problem problem = problem(tampered);
                assertThat(problem.line()).as(seed() + " " + corruption).isEqualTo(line + 1);
            }
        }
    }

    @Test
    void aRewrittenLogIsInconsistentWithAnOlderCheckpoint() throws IOException {
        String older = log.checkpoint(200);
        // the log grew honestly: consistent
        assertThat(verify(log.export(i -> true, true, 200L), older).older().treeSize())
                .isEqualTo(200);

        // the same key signed a log whose entry 17 was rewritten afterwards (a rewrite by someone holding the key)
        TestLog rewritten = new TestLog(keys, 0);
        for (int i = 0; i < SIZE; i++) {
            rewritten.add(i == 17 ? log.events.get(i).replace("Müller", "Meier") : log.events.get(i));
        }
        List<String> export = rewritten.export(i -> true, true, 200L);
        assertThat(verify(export, null).entries()).isEqualTo(SIZE); // alone it looks fine
        assertThatThrownBy(() -> verify(export, older))
                .isInstanceOf(ExportVerifier.Problem.class)
                .hasMessageContaining("not consistent with the older checkpoint");
        // without a proof, the verifier says where to get one
        assertThatThrownBy(() -> verify(log.export(i -> true, true, null), older))
                .hasMessageContaining("consistencyFrom=200");
    }

    @Test
    void aFilteredExportCutOrExtendedWithoutTheKeyFailsAtTheManifest() {
        // an entry removed with every link and proof repaired (as the service would have written it), under
        // the original end line: the count, and once that is edited too, the signed manifest tell
        long removed = index(filtered.get(firstEntryLine(filtered) + 3));
        List<String> cut = log.export(i -> i % 7 == 3 && i != removed, false, null);
        cut.set(cut.size() - 1, filtered.get(filtered.size() - 1));
        assertThat(problem(cut).getMessage()).contains("entries were removed or added");
        cut.set(
                cut.size() - 1,
                cut.get(cut.size() - 1).replaceFirst("\"entries\":\\d+", "\"entries\":" + (entries(filtered) - 1)));
        assertThat(problem(cut).getMessage()).contains("the signed manifest does not match the file");
    }

    // --- helpers

    private static ExportVerifier.Result verify(List<String> lines, String older) throws IOException {
        return new ExportVerifier(keys.getPublic(), older, null)
                .verify(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
    }

    private static ExportVerifier.Problem problem(List<String> lines) {
        try {
            verify(lines, null);
        } catch (ExportVerifier.Problem e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the tampered export verified; " + seed());
    }

    private static void assertProblem(List<String> lines, int line, long index, String message) {
        ExportVerifier.Problem problem = problem(lines);
        assertThat(problem.line()).as(seed()).isEqualTo(line + 1);
        assertThat(problem.index()).as(seed()).isEqualTo(index);
        assertThat(problem.getMessage()).as(seed()).contains(message);
    }

    private static String seed() {
        return "seed " + SEED + " (-Dverifier.seed=" + SEED + ")";
    }

    private static int firstEntryLine(List<String> export) {
        return 2;
    }

    private static int entries(List<String> export) {
        return export.size() - 3;
    }

    private static long index(String line) {
        return (Long) ((Map<?, ?>) Json.parse(line)).get("index");
    }

    private static long reused(String line) {
        return (Long) ((Map<?, ?>) Json.parse(line)).get("proofReused");
    }

    private static String replaceProof(String line, Matcher proof, List<String> hashes) {
        return line.substring(0, proof.start()) + "\"proof\":[" + String.join(",", hashes) + "]"
                + line.substring(proof.end());
    }
}
