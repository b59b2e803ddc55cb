package dev.breachnotify.verifier;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/** An in-memory audit log and the exports of it the service would write, for the verifier's tests. */
final class TestLog {

    static final String ORIGIN = "test.breachnotify/audit";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    final KeyPair keys;
    final List<String> events = new ArrayList<>();
    final List<byte[]> leaves = new ArrayList<>();

    TestLog(KeyPair keys, int size) {
        this.keys = keys;
        for (int i = 0; i < size; i++) {
            add("{\"eventId\":\"" + i + "\",\"payload\":{\"practiceId\":\"P-" + (i % 7) + "\",\"text\":\"Müller \\\""
                    + i + "\\\"\"},\"type\":\"email.sent\"}");
        }
    }

    void add(String event) {
        events.add(event);
        leaves.add(Merkle.leafHash(event.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] root(long size) {
        return Merkle.rootOf(leaves.subList(0, (int) size));
    }

    String checkpoint(long size) {
        return new Checkpoint(ORIGIN, size, root(size), T0.plusSeconds(size)).sign(keys.getPrivate(), keys.getPublic());
    }

    byte[] hash(Merkle.Range range) {
        return Merkle.hashRange(range, node -> Merkle.rootOf(leaves.subList((int) node.start(), (int) node.end())));
    }

    /** The export of the entries whose index matches, against a checkpoint of the whole log. */
    List<String> export(LongPredicate include, boolean complete, Long consistencyFrom) {
        long size = leaves.size();
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("practiceId", complete ? null : "P-3");
        String header = ExportFormat.header(ORIGIN, filter, complete, T0, "dpo");
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.add(ExportFormat.checkpoint(checkpoint(size)));
        if (consistencyFrom != null) {
            lines.add(ExportFormat.consistency(
                    consistencyFrom,
                    size,
                    Merkle.consistencyPath(consistencyFrom, size).stream()
                            .map(this::hash)
                            .toList()));
        }
        ExportFormat.Digest digest = new ExportFormat.Digest(header);
        ProofStream proofs = new ProofStream(size);
        long previous = -1;
        long count = 0;
        for (long i = 0; i < size; i++) {
            if (!include.test(i)) {
                continue;
            }
            ProofStream.Step step = proofs.next(i);
            StringBuilder line = new StringBuilder();
            ExportFormat.entry(
                    line,
                    i,
                    previous,
                    size,
                    leaves.get((int) i),
                    step.fresh().stream().map(this::hash).toList(),
                    step.reused(),
                    events.get((int) i));
            lines.add(line.substring(0, line.length() - 1));
            digest.entry(i, leaves.get((int) i));
            previous = i;
            count++;
        }
        String manifest = ExportFormat.signManifest(
                ExportFormat.manifestText(ORIGIN, count, digest.digest(), size, T0),
                ORIGIN,
                keys.getPrivate(),
                keys.getPublic());
        lines.add(ExportFormat.end(count, manifest));
        return lines;
    }
}
