package dev.breachnotify.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The print-and-mail service reports the letter as posted (imported from its dispatch report).
 *
 * @param postedOn     the posting date the provider reports
 * @param reportSource the name of the imported dispatch report
 */
public record LetterPosted(
        UUID notificationId,
        String advisoryId,
        String practiceId,
        String batchId,
        LocalDate postedOn,
        String reportSource)
        implements EventPayload {}
