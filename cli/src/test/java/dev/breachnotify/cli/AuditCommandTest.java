package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.ExportFormat;
import dev.breachnotify.verifier.Merkle;
import dev.breachnotify.verifier.NoteKeys;
import dev.breachnotify.verifier.ProofStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code breachctl audit verify} runs the offline verifier: no service, exit 0 or 1 naming the bad line. */
class AuditCommandTest {

    private static final String ORIGIN = "test.breachnotify/audit";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void theNewSubcommandsHaveHelp() {
        for (String sub : List.of("verify", "checkpoint", "export")) {
            assertThat(run("audit", sub, "--help").exitCode).as(sub).isZero();
        }
        assertThat(run("audit", "export", "--help").out).contains("--format").contains("jsonl");
    }

    @Test
    void aGoodExportVerifiesAndAnEditedOneIsNamed(@TempDir Path dir) throws Exception {
        KeyPair keys = NoteKeys.generate();
        Path key = Files.writeString(dir.resolve("audit-public-key.pem"), NoteKeys.publicKeyPem(keys.getPublic()));
        List<String> lines = export(keys, 25);
        Path good = Files.write(dir.resolve("good.jsonl"), lines);

        Result ok = run("audit", "verify", "--public-key", key.toString(), good.toString());
        assertThat(ok.exitCode).as(ok.err).isZero();
        assertThat(ok.out).startsWith("OK").contains("25 entries verified");

        List<String> edited = new ArrayList<>(lines);
        edited.set(9, edited.get(9).replace("email.sent", "email.failed"));
        Path bad = Files.write(dir.resolve("bad.jsonl"), edited);
        Result failed = run("audit", "verify", "--public-key", key.toString(), bad.toString());
        assertThat(failed.exitCode).isEqualTo(1);
        assertThat(failed.err).contains("line 10 (entry index 7)").contains("the event was changed");

        Result missingKey = run("audit", "verify", good.toString());
        assertThat(missingKey.exitCode).isEqualTo(2);
    }

    /** A complete export of a small log, written as the service writes it. */
    private static List<String> export(KeyPair keys, int size) {
        List<String> events = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String event = "{\"eventId\":\"" + i + "\",\"type\":\"email.sent\"}";
            events.add(event);
            leaves.add(Merkle.leafHash(event.getBytes(StandardCharsets.UTF_8)));
        }
        String note =
                new Checkpoint(ORIGIN, size, Merkle.rootOf(leaves), NOW).sign(keys.getPrivate(), keys.getPublic());
        Map<String, String> filter = new LinkedHashMap<>();
        String header = ExportFormat.header(ORIGIN, filter, true, NOW, "dpo");
        List<String> lines = new ArrayList<>(List.of(header, ExportFormat.checkpoint(note)));
        ExportFormat.Digest digest = new ExportFormat.Digest(header);
        ProofStream proofs = new ProofStream(size);
        for (int i = 0; i < size; i++) {
            ProofStream.Step step = proofs.next(i);
            List<byte[]> fresh = step.fresh().stream()
                    .map(range -> Merkle.hashRange(
                            range, node -> Merkle.rootOf(leaves.subList((int) node.start(), (int) node.end()))))
                    .toList();
            StringBuilder line = new StringBuilder();
            ExportFormat.entry(line, i, i - 1, size, leaves.get(i), fresh, step.reused(), events.get(i));
            lines.add(line.toString().strip());
            digest.entry(i, leaves.get(i));
        }
        lines.add(ExportFormat.end(
                size,
                ExportFormat.signManifest(
                        ExportFormat.manifestText(ORIGIN, size, digest.digest(), size, NOW),
                        ORIGIN,
                        keys.getPrivate(),
                        keys.getPublic())));
        return lines;
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BreachCtl.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
