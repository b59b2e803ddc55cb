package dev.breachnotify.events;

import java.time.Instant;

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
 */
public record AdvisoryRetracted(String advisoryId, String reason, String supersededBy, String retractedBy,
                                Instant retractedAt) implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }
}
