package dev.breachnotify.events;

import java.util.UUID;

/**
 * A letter was rendered into a print batch's PDF. The code printed in it is not part of the event.
 *
 * @param notificationId the LETTER notification the letter answers; one letter per notification, ever
 * @param step           the escalation step that asked for the letter ({@code initial}, {@code bounce},
 *                       {@code letter})
 * @param batchId        the print batch the letter belongs to
 * @param pages          pages of this letter in the batch's PDF
 */
public record LetterRendered(
        UUID notificationId, String advisoryId, String practiceId, String step, String batchId, int pages)
        implements EventPayload {}
