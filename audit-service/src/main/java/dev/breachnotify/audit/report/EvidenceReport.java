package dev.breachnotify.audit.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Everything the evidence report of one advisory shows, aggregated from the audit log in one snapshot. Small
 * whatever the size of the log: counts, at most a year or so of daily counts, and the first few outstanding
 * practices. {@link EvidenceReportRenderer} turns it into a PDF.
 *
 * @param vendorName  the vendor, from configuration
 * @param generatedAt when the report was made
 * @param requestedBy the signed-in user who asked for it
 * @param advisory    the advisory as published
 * @param reach       who was targeted and reached, per channel
 * @param credentials per credential: the latest answer of each practice
 * @param timeline    acknowledgements and rotations per day (increments, not cumulative)
 * @param outstanding the targeted practices that have not acknowledged or not answered every credential
 * @param answerers   who gave the answers: the practices' general codes, contacts by role, IT service partners
 * @param position    which part of the log the report covers
 * @param anchor      the latest signed checkpoint, or {@code null} if there is none yet
 */
public record EvidenceReport(
        String vendorName,
        Instant generatedAt,
        String requestedBy,
        Advisory advisory,
        Reach reach,
        List<CredentialTally> credentials,
        List<Series> timeline,
        Outstanding outstanding,
        List<Answerer> answerers,
        LogPosition position,
        Anchor anchor) {

    /**
     * Answers given by one kind of answerer.
     *
     * @param kind  {@code practice} (the practice's general code), {@code contact} or {@code partner}
     * @param who   the contact role ({@code OWNER}, ...) or the partner id; empty for {@code practice}
     * @param name  the partner's name, or {@code null}
     */
    public record Answerer(
            String kind,
            String who,
            String name,
            long acknowledgements,
            long confirmations,
            long declines,
            long practices) {}

    /**
     * The advisory as its {@code advisory.published} entry has it.
     *
     * @param subjects    the subject by language ({@code de}, {@code en})
     * @param credentials the credentials to rotate, in the advisory's order
     * @param audience    who is targeted, e.g. {@code ALL} or {@code SEGMENTS: dental}
     */
    public record Advisory(
            String advisoryId,
            String title,
            Map<String, String> subjects,
            Instant publishedAt,
            String publishedBy,
            LocalDate deadline,
            List<String> channels,
            String audience,
            List<CredentialLabel> credentials,
            String supersedes,
            List<GuideHash> guides) {

        public Advisory {
            guides = guides == null ? List.of() : List.copyOf(guides);
        }
    }

    /** A published how-to guide: its credential, variant and language, and the SHA-256 of its published HTML. */
    public record GuideHash(String credentialId, String variant, String language, String sha256) {}

    /** A credential of the advisory and its English label. */
    public record CredentialLabel(String id, String label) {}

    /**
     * Targeted and reached practices of the advisory. Each email-targeted practice counts once, by its best email
     * outcome: sent (and no bounce report about it), else bounced (a permanent 5xx rejection, or a bounce report
     * that the mail failed for good), else failed (retries exhausted), else deferred (still
     * being retried), else pending (no attempt logged yet).
     *
     * @param targeted       practices with a {@code notification.requested} entry
     * @param emailTargeted  of which on the email channel
     * @param letterTargeted of which on the letter channel
     * @param byStep         practices per notification step ({@code initial}, {@code reminder}, {@code bounce},
     *                       {@code letter}), in the order of first appearance in the log
     * @param letterEvents   practices per {@code letter.*} event type, if the log holds any
     * @param pageVisited    practices whose acknowledgement page was opened
     * @param acknowledged   practices that acknowledged
     * @param excluded       practices the communications team took out of the escalation by hand
     *                       ({@code practice.excluded}); they stay outstanding in this report, marked as excluded
     */
    public record Reach(
            long targeted,
            long emailTargeted,
            long letterTargeted,
            Map<String, Long> byStep,
            long emailSent,
            long emailBounced,
            long emailFailed,
            long emailDeferred,
            long emailPending,
            Map<String, Long> letterEvents,
            long pageVisited,
            long acknowledged,
            long excluded) {}

    /**
     * The latest answer of each practice for one credential (the latest confirmation wins).
     *
     * @param unanswered targeted practices without any answer for this credential
     */
    public record CredentialTally(
            String id, String label, long changed, long changedByProvider, long notApplicable, long unanswered) {}

    /** A line of the chart: how many practices did it for the first time, per day (UTC). */
    public record Series(String label, List<DayCount> days) {

        /** The running total after each day in {@code from .. to}, one value per day. */
        public List<Long> cumulative(LocalDate from, LocalDate to) {
            List<Long> values = new ArrayList<>();
            long total = 0;
            int next = 0;
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                while (next < days.size() && !days.get(next).day().isAfter(day)) {
                    total += days.get(next++).count();
                }
                values.add(total);
            }
            return values;
        }

        /** The total over all days. */
        public long total() {
            return days.stream().mapToLong(DayCount::count).sum();
        }
    }

    /** A count on one day (UTC). */
    public record DayCount(LocalDate day, long count) {}

    /**
     * The outstanding practices.
     *
     * @param total the number of all outstanding practices
     * @param first the first of them by practice id, at most the configured limit
     */
    public record Outstanding(long total, List<OutstandingPractice> first) {}

    /**
     * A practice that has not finished.
     *
     * @param delivery           how it was reached, e.g. {@code email bounced; letter}, and {@code excluded} if the
     *                           communications team took it out of the escalation
     * @param acknowledged       whether it acknowledged
     * @param missingCredentials the credentials it has not answered, in the advisory's order
     */
    public record OutstandingPractice(
            String practiceId, String delivery, boolean acknowledged, List<String> missingCredentials) {

        /** What is missing, for people: {@code acknowledgement, ti-konnektor, ...}. */
        public String missing() {
            List<String> missing = new ArrayList<>();
            if (!acknowledged) {
                missing.add("acknowledgement");
            }
            missing.addAll(missingCredentials);
            return String.join(", ", missing);
        }
    }

    /**
     * The part of the log the report covers: the whole log as it was when the report's snapshot was taken.
     *
     * @param entries         entries in the log ({@code lastIndex + 1})
     * @param lastIndex       the index of the last entry, -1 for an empty log
     * @param lastLeafHash    the leaf hash of the last entry
     * @param lastRecordedAt  when the last entry was appended
     * @param advisoryEntries entries of this advisory
     * @param entriesByType   entries of this advisory by event type
     */
    public record LogPosition(
            long entries,
            long lastIndex,
            byte[] lastLeafHash,
            Instant lastRecordedAt,
            long advisoryEntries,
            Map<String, Long> entriesByType) {

        /** The last leaf hash in lower-case hex. */
        public String lastLeafHashHex() {
            return lastLeafHash == null ? "" : HexFormat.of().formatHex(lastLeafHash);
        }
    }
}
