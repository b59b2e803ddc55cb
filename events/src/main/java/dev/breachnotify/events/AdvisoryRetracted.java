package dev.breachnotify.events;

import java.time.Instant;
import java.util.List;

/**
 * The communications team withdrew a published advisory (sent by mistake, or replaced by a correction): its links
 * and codes now show a page saying so and accept no confirmation, and no further reminder or letter goes out.
 * Key: the advisory id, so it is ordered after the advisory's {@code advisory.published}.
 *
 * @param advisoryId   the withdrawn advisory
 * @param reason       why, as shown to the practices on the page
 * @param supersededBy the advisory that replaces it, if any
 * @param retractedBy  the user who withdrew it
 * @param retractedAt  when
 * @param handedToPrinter the print batches that had carried letters of the advisory to the printer before the
 *                     withdrawal (for the print service to stop); empty in version 1 payloads
 */
public record AdvisoryRetracted(
        String advisoryId,
        String reason,
        String supersededBy,
        String retractedBy,
        Instant retractedAt,
        List<PrintBatch> handedToPrinter)
        implements EventPayload {

    public AdvisoryRetracted {
        handedToPrinter = handedToPrinter == null ? List.of() : List.copyOf(handedToPrinter);
    }

    /** A withdrawal without letters at the printer. */
    public AdvisoryRetracted(
            String advisoryId, String reason, String supersededBy, String retractedBy, Instant retractedAt) {
        this(advisoryId, reason, supersededBy, retractedBy, retractedAt, List.of());
    }

    /** A print batch handed over before the withdrawal: its id, the advisory's letters in it, and when. */
    public record PrintBatch(String batchId, int letters, Instant handedOverAt) {}

    @Override
    public String practiceId() {
        return null;
    }
}
