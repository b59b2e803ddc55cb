package dev.breachnotify.notifier.print;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where print batches go: a folder the print-and-mail service collects from ({@link FolderPrintSink}), or a
 * provider's upload API (implement this interface as a bean and switch {@code breachnotify.notifier.print.sink}).
 *
 * <p>{@link #deliver} must be idempotent per batch id: after a crash between a successful hand-over and its record
 * the same batch is delivered again, and the provider must not print it twice (a folder sink keeps the files it
 * already wrote; an API sink sends the batch id as its idempotency key).
 */
public interface PrintSink {

    /** The sink's name, recorded in {@code letter.handed.to.printer}. */
    String name();

    /**
     * Hands one batch over.
     *
     * @param batchId  the batch id, unique and stable across retries
     * @param pdf      the merged PDF of every letter of the batch, in manifest order
     * @param manifest one line per letter
     * @throws IOException when the batch could not be handed over; it is retried on the next tick
     */
    void deliver(String batchId, Path pdf, List<ManifestLine> manifest) throws IOException;

    /**
     * One letter of a batch, as the manifest lists it.
     *
     * @param firstPage the letter's first page in the batch's PDF, from 1
     * @param address   the lines of the address window
     */
    record ManifestLine(
            String batchId,
            int sequence,
            String practiceId,
            String notificationId,
            int firstPage,
            int pages,
            List<String> address) {}
}
