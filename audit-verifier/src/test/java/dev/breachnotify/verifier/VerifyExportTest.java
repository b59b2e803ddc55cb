package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: its exit codes, what it prints for each outcome, and its usage errors. */
class VerifyExportTest {

    private static final TestLog LOG = new TestLog(NoteKeys.generate(), 40);

    @TempDir
    Path dir;

    private Path key;
    private Path complete;
    private Path filtered;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {}

    @BeforeEach
    void files() throws IOException {
        key = Files.writeString(dir.resolve("key.pem"), NoteKeys.publicKeyPem(LOG.keys.getPublic()));
        complete = Files.write(dir.resolve("complete.jsonl"), LOG.export(i -> true, true, 25L));
        filtered = Files.write(dir.resolve("filtered.jsonl"), LOG.export(i -> i % 7 == 3, false, null));
    }

    @Test
    void aCompleteExportVerifiesAndTheReportNamesItsCheckpoint() {
        Run run = run("--public-key", key.toString(), complete.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(VerifyExport.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .isEqualTo("OK " + complete + ": 40 entries verified against the checkpoint of " + TestLog.ORIGIN
                        + ", tree size 40, root " + Base64.getEncoder().encodeToString(LOG.root(40))
                        + ", signed 2026-12-01T10:00:40Z by key " + NoteKeys.fingerprint(LOG.keys.getPublic()) + "\n"
                        + "   complete export: the entries are exactly the checkpoint's log (root recomputed)\n");
    }

    @Test
    void aFilteredExportVerifiesAndSaysWhatTheManifestProves() {
        Run run = run(filtered.toString(), "--public-key", key.toString());

        assertThat(run.code()).isEqualTo(VerifyExport.OK);
        assertThat(run.out())
                .contains(": 6 entries verified")
                .contains("   filtered export {practiceId=P-3}: each entry is proven in the log; the signed manifest "
                        + "proves no line was removed, added or reordered since the export")
                .doesNotContain("peak heap");
    }

    @Test
    void anOlderCheckpointIsCheckedByTheExportsConsistencyProofOrAGivenOne() throws IOException {
        Path older = Files.writeString(dir.resolve("older.txt"), LOG.checkpoint(25));

        Run inside = run("--public-key", key.toString(), "--older-checkpoint", older.toString(), complete.toString());
        assertThat(inside.code()).as(inside.err()).isEqualTo(VerifyExport.OK);
        assertThat(inside.out())
                .contains(
                        "   consistent with the older checkpoint of tree size 25 (2026-12-01T10:00:25Z, signed by key "
                                + NoteKeys.fingerprint(LOG.keys.getPublic()) + "): the log only grew\n");

        Run missing = run("--public-key", key.toString(), "--older-checkpoint", older.toString(), filtered.toString());
        assertThat(missing.code()).isEqualTo(VerifyExport.FAILED);
        assertThat(missing.err())
                .startsWith("FAILED " + filtered + ": ")
                .contains("no consistency proof from tree size 25");

        List<String> withProof = LOG.export(i -> true, true, 25L);
        Path proof = Files.writeString(dir.resolve("consistency.json"), "  " + withProof.get(2) + "\n");
        Run given = run(
                "--public-key",
                key.toString(),
                "--older-checkpoint",
                older.toString(),
                "--consistency",
                proof.toString(),
                filtered.toString(),
                "--stats");
        assertThat(given.code()).as(given.err()).isEqualTo(VerifyExport.OK);
        assertThat(given.out())
                .contains("the log only grew")
                .containsPattern("   \\d+\\.\\d\\d s, peak heap \\d+ MB \\(max \\d+ MB\\)");
    }

    @Test
    void aDamagedExportFailsNamingTheLine() throws IOException {
        List<String> lines = new ArrayList<>(LOG.export(i -> true, true, null));
        lines.set(7, lines.get(7).replace("Müller", "Mueller"));
        Path damaged = Files.write(dir.resolve("damaged.jsonl"), lines);

        Run run = run("--public-key", key.toString(), damaged.toString());

        assertThat(run.code()).isEqualTo(VerifyExport.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("FAILED " + damaged + ": line 8 (entry index 5): the event was changed: its hash "
                        + "is not the entry's leaf hash\n");
    }

    @Test
    void anotherKeyFailsAtTheCheckpoint() throws IOException {
        Path other = Files.writeString(
                dir.resolve("other.pem"),
                NoteKeys.publicKeyPem(NoteKeys.generate().getPublic()));

        Run run = run("--public-key", other.toString(), complete.toString());

        assertThat(run.code()).isEqualTo(VerifyExport.FAILED);
        assertThat(run.err()).startsWith("FAILED " + complete + ": line 2: forged or damaged checkpoint");
    }

    @Test
    void usageErrorsNameTheProblemAndExitWith2() throws IOException {
        Path notJson = Files.writeString(dir.resolve("not.json"), "{\"kind\":");
        Path notProof = Files.writeString(dir.resolve("not-proof.json"), "{\"kind\":\"entry\"}");
        Path badKey = Files.writeString(dir.resolve("bad.pem"), "no key here\n");
        String missing = dir.resolve("missing.jsonl").toString();

        assertUsage(run(), "verify: name the public key and the export");
        assertUsage(run("--public-key", key.toString()), "verify: name the public key and the export");
        assertUsage(run(complete.toString()), "verify: name the public key and the export");
        assertUsage(run("--public-key"), "verify: --public-key needs a file");
        assertUsage(
                run("--public-key", key.toString(), complete.toString(), "--consistency"),
                "verify: --consistency needs a file");
        assertUsage(
                run("--public-key", key.toString(), "--older-checkpoint"), "verify: --older-checkpoint needs a file");
        assertUsage(
                run("--public-key", key.toString(), "--verbose", complete.toString()),
                "verify: unexpected argument --verbose");
        assertUsage(
                run("--public-key", key.toString(), complete.toString(), filtered.toString()),
                "verify: unexpected argument " + filtered);
        assertUsage(run("--public-key", missing, complete.toString()), "verify: cannot read " + missing);
        assertUsage(run("--public-key", badKey.toString(), complete.toString()), "verify: ");
        assertUsage(
                run("--public-key", key.toString(), "--older-checkpoint", missing, complete.toString()),
                "verify: cannot read");
        assertUsage(
                run("--public-key", key.toString(), "--consistency", notJson.toString(), complete.toString()),
                "verify: " + notJson + ": JSON at column");
        assertUsage(
                run("--public-key", key.toString(), "--consistency", notProof.toString(), complete.toString()),
                "verify: " + notProof + ": not a consistency proof");
        assertUsage(run("--public-key", key.toString(), missing), "verify: cannot read " + missing);
        assertUsage(run("--public-key", key.toString(), dir.toString()), "verify: cannot read " + dir + ": ");
    }

    @Test
    void anOlderCheckpointOfTheSameSizeWithAnotherRootFails() throws IOException {
        Path forked = Files.writeString(
                dir.resolve("forked.txt"),
                new Checkpoint(TestLog.ORIGIN, 40, new byte[32], TestLog.T0)
                        .sign(LOG.keys.getPrivate(), LOG.keys.getPublic()));

        Run run = run("--public-key", key.toString(), "--older-checkpoint", forked.toString(), complete.toString());

        assertThat(run.code()).isEqualTo(VerifyExport.FAILED);
        assertThat(run.err()).startsWith("FAILED " + complete + ": ");
    }

    @Test
    void theStatisticsArePlausible() {
        Run run = run("--public-key", key.toString(), complete.toString(), "--stats");

        java.util.regex.Matcher stats = java.util.regex.Pattern.compile(
                        "   (\\d+\\.\\d\\d) s, peak heap (\\d+) MB \\(max (\\d+) MB\\)")
                .matcher(run.out());
        assertThat(stats.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(stats.group(1))).isBetween(0.0, 600.0);
        long max = Runtime.getRuntime().maxMemory() >> 20;
        assertThat(Long.parseLong(stats.group(3))).isEqualTo(max);
        assertThat(Long.parseLong(stats.group(2))).isBetween(1L, max);
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        for (String flag : new String[] {"-h", "--help"}) {
            Run run = run(flag);
            assertThat(run.code()).isEqualTo(VerifyExport.OK);
            assertThat(run.out())
                    .startsWith("usage: java -jar audit-verifier.jar --public-key")
                    .contains("--stats");
            assertThat(run.err()).isEmpty();
        }
    }

    private static void assertUsage(Run run, String message) {
        assertThat(run.code()).as(run.err()).isEqualTo(VerifyExport.USAGE);
        assertThat(run.err()).startsWith(message);
        assertThat(run.out()).isEmpty();
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyExport.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
