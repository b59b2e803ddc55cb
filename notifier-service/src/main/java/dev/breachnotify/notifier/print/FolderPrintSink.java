package dev.breachnotify.notifier.print;

import dev.breachnotify.platform.csv.CsvWriter;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes each batch to {@code breachnotify.notifier.print.folder} as {@code <batch>.pdf} and
 * {@code <batch>-manifest.csv}, each first under a temporary name and then renamed, the manifest last: a
 * collector that picks up a batch when its manifest appears never sees half a batch. A batch whose manifest is
 * already there is not written again.
 */
@Singleton
@Requires(property = "breachnotify.notifier.print.sink", value = "folder", defaultValue = "folder")
public class FolderPrintSink implements PrintSink {

    static final String[] MANIFEST_HEADER = {
        "batch_id", "sequence", "practice_id", "notification_id", "first_page", "pages", "address"
    };

    private final PrintSettings settings;

    public FolderPrintSink(PrintSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public void deliver(String batchId, Path pdf, List<ManifestLine> manifest) throws IOException {
        Path folder = settings.getFolder();
        Files.createDirectories(folder);
        Path manifestFile = folder.resolve(batchId + "-manifest.csv");
        if (Files.exists(manifestFile)) {
            return; // delivered before a crash; printing it again would post the letters twice
        }
        Path pdfPart = folder.resolve("." + batchId + ".pdf.part");
        Files.copy(pdf, pdfPart, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                pdfPart,
                folder.resolve(batchId + ".pdf"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Path manifestPart = folder.resolve("." + batchId + "-manifest.csv.part");
        try (Writer out = Files.newBufferedWriter(manifestPart, StandardCharsets.UTF_8);
                CsvWriter csv = CsvWriter.to(out)) {
            csv.row((Object[]) MANIFEST_HEADER);
            for (ManifestLine line : manifest) {
                csv.row(
                        line.batchId(),
                        line.sequence(),
                        line.practiceId(),
                        line.notificationId(),
                        line.firstPage(),
                        line.pages(),
                        String.join(" | ", line.address()));
            }
        }
        Files.move(manifestPart, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
