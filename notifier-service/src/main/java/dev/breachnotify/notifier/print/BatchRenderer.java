package dev.breachnotify.notifier.print;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.letter.LetterRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Renders the letters of one print batch into a single PDF file. The document caches its streams in a temporary
 * file rather than on the heap, and loads the font once (one embedded subset per batch), so memory does not grow
 * with the batch.
 */
@Singleton
public class BatchRenderer {

    private final LetterRenderer renderer;

    public BatchRenderer(LetterRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * One letter to print.
     *
     * @param step      the escalation step ({@code initial} or a later one, which is marked as a reminder)
     * @param attention the name of the practice's contact the letter is for the attention of, or {@code null}
     */
    public record Letter(
            UUID notificationId,
            AdvisoryPublished advisory,
            Practice practice,
            String code,
            String link,
            String step,
            String attention) {

        public Letter(
                UUID notificationId,
                AdvisoryPublished advisory,
                Practice practice,
                String code,
                String link,
                String step) {
            this(notificationId, advisory, practice, code, link, step, null);
        }
    }

    /**
     * Renders the letters, in order, into {@code pdf}.
     *
     * @return one manifest line per letter
     */
    public List<PrintSink.ManifestLine> render(String batchId, List<Letter> letters, LocalDate letterDate, Path pdf)
            throws IOException {
        List<PrintSink.ManifestLine> manifest = new ArrayList<>(letters.size());
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            PDFont font = LetterRenderer.font(document);
            int pages = 0;
            for (Letter letter : letters) {
                int letterPages = renderer.append(
                        document,
                        font,
                        letter.advisory(),
                        letter.practice(),
                        letter.code(),
                        letter.link(),
                        letterDate,
                        letter.step(),
                        letter.attention());
                manifest.add(new PrintSink.ManifestLine(
                        batchId,
                        manifest.size() + 1,
                        letter.practice().practiceId(),
                        letter.notificationId().toString(),
                        pages + 1,
                        letterPages,
                        LetterRenderer.addressLines(letter.practice(), letter.attention())));
                pages += letterPages;
            }
            document.save(pdf.toFile());
        }
        return manifest;
    }
}
