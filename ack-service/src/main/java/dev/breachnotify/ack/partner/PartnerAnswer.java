package dev.breachnotify.ack.partner;

import java.time.LocalDate;

/**
 * One answer of a partner for one credential of one practice: changed on a date, or not its job.
 *
 * @param changedOn the change date; {@code null} when {@code declined}
 */
public record PartnerAnswer(String practiceId, String credentialId, boolean declined, LocalDate changedOn) {

    static PartnerAnswer changed(String practiceId, String credentialId, LocalDate changedOn) {
        return new PartnerAnswer(practiceId, credentialId, false, changedOn);
    }

    static PartnerAnswer notOurJob(String practiceId, String credentialId) {
        return new PartnerAnswer(practiceId, credentialId, true, null);
    }
}
