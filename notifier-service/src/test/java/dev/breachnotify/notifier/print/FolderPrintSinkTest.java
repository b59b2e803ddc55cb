package dev.breachnotify.notifier.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.csv.HostileCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPrintSinkTest {

    @TempDir
    Path folder;

    @Test
    void aBatchIsWrittenAsPdfAndManifestAndNeverTwice() throws Exception {
        PrintSettings settings = new PrintSettings();
        settings.setFolder(folder.resolve("print"));
        FolderPrintSink sink = new FolderPrintSink(settings);
        Path pdf = Files.writeString(folder.resolve("batch.pdf"), "%PDF-first");
        List<PrintSink.ManifestLine> manifest = List.of(new PrintSink.ManifestLine(
                "PB-1",
                1,
                "P-1",
                "00000000-0000-0000-0000-000000000001",
                1,
                2,
                List.of("Praxis Eins", "Weg 1", "10115 Berlin")));

        sink.deliver("PB-1", pdf, manifest);
        Files.writeString(pdf, "%PDF-second");
        sink.deliver("PB-1", pdf, manifest); // a retry after a crash

        assertThat(Files.readString(settings.getFolder().resolve("PB-1.pdf"))).isEqualTo("%PDF-first");
        assertThat(Files.readString(settings.getFolder().resolve("PB-1-manifest.csv"), StandardCharsets.UTF_8))
                .isEqualTo("batch_id,sequence,practice_id,notification_id,first_page,pages,address\r\n"
                        + "PB-1,1,P-1,00000000-0000-0000-0000-000000000001,1,2,Praxis Eins | Weg 1 | 10115 Berlin\r\n");
        try (var files = Files.list(settings.getFolder())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("PB-1.pdf", "PB-1-manifest.csv");
        }
    }

    @Test
    void hostileAddressLinesReachTheManifestAsTextNeverAsFormulas() throws Exception {
        PrintSettings settings = new PrintSettings();
        settings.setFolder(folder.resolve("print"));
        Path pdf = Files.writeString(folder.resolve("batch.pdf"), "%PDF");
        List<PrintSink.ManifestLine> manifest = new ArrayList<>();
        for (int i = 0; i < HostileCsv.CELLS.size(); i++) {
            String cell = HostileCsv.CELLS.get(i);
            manifest.add(new PrintSink.ManifestLine("PB-2", i + 1, cell, cell, 1, 1, List.of(cell, "Weg 1")));
        }

        new FolderPrintSink(settings).deliver("PB-2", pdf, manifest);

        List<List<String>> read = HostileCsv.parse(
                Files.readString(settings.getFolder().resolve("PB-2-manifest.csv"), StandardCharsets.UTF_8));
        assertThat(read).hasSize(manifest.size() + 1);
        for (int i = 0; i < manifest.size(); i++) {
            String cell = HostileCsv.CELLS.get(i);
            assertThat(read.get(i + 1))
                    .containsExactly(
                            "PB-2",
                            Integer.toString(i + 1),
                            HostileCsv.expected(cell),
                            HostileCsv.expected(cell),
                            "1",
                            "1",
                            HostileCsv.expected(cell + " | Weg 1"));
        }
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }
}
