package dev.breachnotify.ack.progress;

import dev.breachnotify.events.RotationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How far the practices have got with an advisory. Every figure comes from the projections, which are built from
 * events only: the report can be rebuilt by replaying Kafka.
 *
 * @param targeted           practices with at least one notification
 * @param emailsSent         practices with at least one email the relay accepted ("emailed")
 * @param emailsDeferred     practices whose email is still being retried, none accepted yet
 * @param emailsFailed       practices whose email failed for good and none was accepted: candidates for a letter
 * @param bounced            of {@code emailsFailed}, those with a permanent rejection (a bounce, SMTP 5xx)
 * @param letters            practices with a LETTER notification
 * @param acknowledged       practices that confirmed receipt
 * @param fullyConfirmed     practices that answered for every credential of the advisory (for an advisory without
 *                           credentials: that confirmed receipt)
 * @param fullyRotated       practices that confirmed receipt and answered for every credential: nothing outstanding
 * @param suspectedAutomated acknowledgements submitted within {@code breachnotify.ack.automated-window} of the
 *                           practice's email being accepted, or from a configured scanner network
 * @param credentials        per credential, the practices by their latest answer
 * @param acknowledgementsPerHour acknowledgements (latest per practice) by the hour (UTC) they were submitted in
 * @param rotationsPerHour   credentials confirmed as changed (by the practice or its IT provider; latest answer per
 *                           practice and credential) by the hour (UTC) of that answer
 * @param byRole             per contact role (every role, zeros included), see {@link RoleProgress}
 * @param byPartner          per IT service partner responsible for a targeted practice's credential of the
 *                           advisory, by partner id, see {@link PartnerProgress}
 */
public record AdvisoryProgress(
        String advisoryId,
        long targeted,
        long emailsSent,
        long emailsDeferred,
        long emailsFailed,
        long bounced,
        long letters,
        long acknowledged,
        long fullyConfirmed,
        long fullyRotated,
        long suspectedAutomated,
        List<CredentialProgress> credentials,
        List<HourCount> acknowledgementsPerHour,
        List<HourCount> rotationsPerHour,
        List<RoleProgress> byRole,
        List<PartnerProgress> byPartner) {

    public AdvisoryProgress {
        byRole = byRole == null ? List.of() : List.copyOf(byRole);
        byPartner = byPartner == null ? List.of() : List.copyOf(byPartner);
    }

    /**
     * The contacts of one role that this advisory addressed with their own code. A contact's role is the one the
     * directory gives now ({@code practice.contacts}).
     *
     * @param contactsNotified     contacts of the role with at least one notification of their own
     * @param contactsAcknowledged of those, contacts that confirmed receipt with their own code
     * @param practices            targeted practices with at least one such contact
     * @param confirmed            of those practices, the ones fully confirmed (every credential answered, by
     *                             anyone; without credentials: receipt confirmed)
     * @param outstanding          {@code practices - confirmed}
     */
    public record RoleProgress(
            String role,
            long contactsNotified,
            long contactsAcknowledged,
            long practices,
            long confirmed,
            long outstanding) {}

    /**
     * One IT service partner's share of the advisory. A partner is responsible for a targeted practice's credential
     * when the practice's assignment for that credential names it, or, without one, its assignment for every
     * credential ({@code *}).
     *
     * @param practices          targeted practices with at least one credential of the advisory it is responsible for
     * @param confirmed          of those, practices where every such credential has an answer (by anyone)
     * @param outstanding        {@code practices - confirmed}
     * @param confirmedByPartner such credentials whose latest answer the partner gave itself (on its page)
     * @param declined           such credentials the partner said are not its job, with no answer since
     */
    public record PartnerProgress(
            String partnerId,
            String name,
            long practices,
            long confirmed,
            long outstanding,
            long confirmedByPartner,
            long declined) {}

    /**
     * @param label      the German label (kept for older readers)
     * @param labels     the label by language ({@code de}, {@code en}), so that a reader shows its own
     * @param counts     practices by latest answer (every status present, zero included)
     * @param unanswered targeted practices without an answer
     */
    public record CredentialProgress(
            String credentialId,
            String label,
            Map<String, String> labels,
            Map<RotationStatus, Long> counts,
            long unanswered) {}

    /** Acknowledgements submitted in the hour starting at {@code hour}. */
    public record HourCount(Instant hour, long count) {}

    /**
     * A targeted practice that has not confirmed everything.
     *
     * @param emailStatus         SENT, DEFERRED, FAILED or NONE
     * @param acknowledged        whether it confirmed receipt
     * @param missingCredentials  the credentials it has not answered for
     * @param partners            the IT service partners responsible for the missing credentials, by id
     */
    public record Outstanding(
            String practiceId,
            String practiceName,
            String emailStatus,
            boolean letter,
            boolean acknowledged,
            List<String> missingCredentials,
            List<PartnerName> partners) {

        public Outstanding {
            missingCredentials = List.copyOf(missingCredentials);
            partners = partners == null ? List.of() : List.copyOf(partners);
        }

        /** An outstanding practice without partners. */
        public Outstanding(
                String practiceId,
                String practiceName,
                String emailStatus,
                boolean letter,
                boolean acknowledged,
                List<String> missingCredentials) {
            this(practiceId, practiceName, emailStatus, letter, acknowledged, missingCredentials, List.of());
        }
    }

    /** An IT service partner's id and name (its id when the directory has not named it). */
    public record PartnerName(String partnerId, String name) {}
}
