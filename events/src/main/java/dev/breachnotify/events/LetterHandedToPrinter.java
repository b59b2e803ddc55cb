package dev.breachnotify.events;

import java.util.UUID;

/**
 * The print batch holding the letter was handed to the print-and-mail service.
 *
 * @param batchId the print batch
 * @param sink    where it went (e.g. {@code folder}, or a provider's name)
 */
public record LetterHandedToPrinter(
        UUID notificationId, String advisoryId, String practiceId, String batchId, String sink)
        implements EventPayload {}
