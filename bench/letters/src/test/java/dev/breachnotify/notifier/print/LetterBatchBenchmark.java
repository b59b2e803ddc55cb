package dev.breachnotify.notifier.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import dev.breachnotify.notifier.letter.LetterRenderer;
import dev.breachnotify.notifier.letter.LetterSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders {@code bench.letters} letters (default 40,000) into print batches of {@code bench.batch-size} (default
 * 500) with the production code ({@link BatchRenderer} and {@link FolderPrintSink}) in a heap of the size the
 * profile sets ({@code -Xmx256m}), and reports letters per second and the peak heap. Not a test: run with
 * {@code ./mvnw -B -pl notifier-service -am -Pbench verify} (see {@code bench/letters-bench.sh}).
 */
class LetterBatchBenchmark {

    @Test
    void renderLettersIntoBatches() throws Exception {
        int letters = Integer.getInteger("bench.letters", 40_000);
        int batchSize = Integer.getInteger("bench.batch-size", 500);
        Path out = Files.createDirectories(Path.of("target", "bench-letters"));
        try (Stream<Path> old = Files.list(out)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        PrintSettings settings = new PrintSettings();
        settings.setFolder(out);
        FolderPrintSink sink = new FolderPrintSink(settings);
        BatchRenderer renderer = new BatchRenderer(
                new LetterRenderer(new LetterSettings(), dev.breachnotify.events.VendorIdentity.SAMPLE));
        AdvisoryPublished advisory = advisory();
        LocalDate date = LocalDate.of(2026, 11, 24);

        // warm-up: one small batch, not counted
        renderBatch(renderer, sink, advisory, date, "PB-WARMUP", 0, 20, Files.createTempFile("warmup", ".pdf"));
        Files.deleteIfExists(out.resolve("PB-WARMUP.pdf"));
        Files.deleteIfExists(out.resolve("PB-WARMUP-manifest.csv"));
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

        long started = System.nanoTime();
        long pages = 0;
        int batches = 0;
        for (int from = 0; from < letters; from += batchSize) {
            Path pdf = Files.createTempFile("bench-batch-", ".pdf");
            try {
                pages += renderBatch(
                        renderer,
                        sink,
                        advisory,
                        date,
                        String.format(Locale.ROOT, "PB-BENCH-%04d", batches),
                        from,
                        Math.min(batchSize, letters - from),
                        pdf);
            } finally {
                Files.deleteIfExists(pdf);
            }
            batches++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        long maxHeap = Runtime.getRuntime().maxMemory();
        long bytes;
        try (Stream<Path> files = Files.list(out)) {
            bytes = files.mapToLong(file -> file.toFile().length()).sum();
        }
        String report = String.format(
                Locale.ROOT,
                """
                letters: %d in %d batches of %d, %d pages
                time: %.1f s, %.0f letters/s, %.0f pages/s
                peak heap (sum of heap pools' peaks): %.0f MiB of max %.0f MiB
                output: %.1f MiB (%.1f KiB per letter) in %s
                """,
                letters,
                batches,
                batchSize,
                pages,
                seconds,
                letters / seconds,
                pages / seconds,
                peakHeap / 1048576.0,
                maxHeap / 1048576.0,
                bytes / 1048576.0,
                bytes / 1024.0 / letters,
                out.toAbsolutePath());
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-letters.txt"), report, StandardCharsets.UTF_8);
        assertThat(pages).isGreaterThanOrEqualTo(letters);
    }

    private static int renderBatch(
            BatchRenderer renderer,
            FolderPrintSink sink,
            AdvisoryPublished advisory,
            LocalDate date,
            String batchId,
            int from,
            int count,
            Path pdf)
            throws Exception {
        List<BatchRenderer.Letter> batch = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            Practice practice = practice(i);
            byte[] bits = UUID.nameUUIDFromBytes(("bench" + i).getBytes(StandardCharsets.UTF_8))
                    .toString()
                    .getBytes(StandardCharsets.US_ASCII);
            String code = AckCode.fromBytes(bits).formatted();
            batch.add(new BatchRenderer.Letter(
                    UUID.randomUUID(),
                    advisory,
                    practice,
                    code,
                    "https://ack.vendor.example/a/" + code,
                    i % 3 == 0 ? "letter" : "initial"));
        }
        List<PrintSink.ManifestLine> manifest = renderer.render(batchId, batch, date, pdf);
        sink.deliver(batchId, pdf, manifest);
        return manifest.stream().mapToInt(PrintSink.ManifestLine::pages).sum();
    }

    private static Practice practice(int i) {
        String id = String.format(Locale.ROOT, "P-%05d", i);
        boolean english = i % 10 == 0;
        return new Practice(
                id,
                "Praxis Dr. Müller-Lüdenscheidt " + i,
                "Dr. Anna Weber",
                List.of(),
                new PostalAddress(
                        "Hauptstraße " + (i % 200 + 1),
                        String.format(Locale.ROOT, "%05d", 10000 + i % 89999),
                        "Berlin",
                        i % 50 == 0 ? "AT" : "DE"),
                english ? "en" : "de",
                "zahnmedizin",
                PreferredChannel.LETTER);
    }

    private static AdvisoryPublished advisory() {
        String de = """
                Sehr geehrte/r {{practice.contact}},

                unsere Systeme wurden Opfer eines Angriffs mit Schadsoftware. Wir können nicht ausschließen, dass \
                Zugangsdaten Ihrer Praxis ({{practice.name}}, Kundennummer {{practice.id}}) betroffen sind.

                Bitte ändern Sie bis zum {{deadline}} die folgenden Zugangsdaten:
                {{credentials}}

                Bestätigen Sie uns anschließend über Ihren persönlichen Link, was Sie geändert haben.""";
        String en = """
                Dear {{practice.contact}},

                our systems were hit by a ransomware attack. We cannot rule out that credentials of your practice \
                ({{practice.name}}, customer number {{practice.id}}) are affected.

                Please change the following credentials by {{deadline}}:
                {{credentials}}

                Then confirm through your personal link what you changed.""";
        return new AdvisoryPublished(
                "ADV-BENCH",
                "Bench",
                Map.of(
                        "de", new LocalizedText("Wichtig: Bitte ändern Sie Ihre Passwörter bis zum {{deadline}}", de),
                        "en", new LocalizedText("Important: please change your passwords by {{deadline}}", en)),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL, Channel.LETTER),
                "bench",
                Instant.parse("2026-11-24T08:00:00Z"),
                null);
    }
}
