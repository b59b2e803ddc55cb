package dev.breachnotify.audit.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Renders an {@link EvidenceReport} as a PDF for people: the advisory, who was targeted and reached per channel,
 * the answers per credential, a chart of acknowledgements and rotations over time, the outstanding practices, and
 * the log position and signed checkpoint that anchor it. English; times in UTC, ISO-8601.
 */
public final class EvidenceReportRenderer {

    private static final float[] CREDENTIAL_COLUMNS = {
        PdfLayout.LEFT, PdfLayout.LEFT + 190, PdfLayout.LEFT + 260, PdfLayout.LEFT + 330, PdfLayout.LEFT + 410
    };
    private static final float[] OUTSTANDING_COLUMNS = {PdfLayout.LEFT, PdfLayout.LEFT + 90, PdfLayout.LEFT + 240};
    private static final float[] TYPE_COLUMNS = {PdfLayout.LEFT, PdfLayout.LEFT + 220};

    /** How the letter events of the log read in the report; other {@code letter.*} types show their name. */
    private static final Map<String, String> LETTER_EVENTS = Map.of(
            "letter.rendered", "rendered",
            "letter.handed.to.printer", "handed to the printer",
            "letter.posted", "posted (reached by letter)");
    /** Hashes in this size, so that 64 hex digits fit on one line. */
    private static final float HASH_SIZE = 8f;

    private EvidenceReportRenderer() {}

    /** The report as a PDF file. */
    public static byte[] render(EvidenceReport report) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Evidence report " + report.advisory().advisoryId());
            info.setAuthor(report.vendorName());
            info.setCreator("breach-notify audit-service");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
            created.setTimeInMillis(report.generatedAt().toEpochMilli());
            info.setCreationDate(created);
            try (PdfLayout layout = new PdfLayout(document)) {
                write(layout, report);
                layout.footers("Evidence report " + report.advisory().advisoryId() + " - generated "
                        + utc(report.generatedAt()) + " for " + report.requestedBy() + " - log entries 0 to "
                        + report.position().lastIndex());
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the evidence report", e);
        }
    }

    private static void write(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.Advisory advisory = report.advisory();
        layout.title("Evidence report: notification of a security breach", 17);
        layout.paragraph(report.vendorName(), 11);
        layout.paragraph(
                "Advisory " + advisory.advisoryId() + " - generated " + utc(report.generatedAt()) + " for "
                        + report.requestedBy() + ", from the audit log alone",
                8.5f);

        layout.heading("Advisory", 60);
        layout.keyValue("Advisory id", advisory.advisoryId());
        layout.keyValue("Title", advisory.title());
        for (Map.Entry<String, String> subject : advisory.subjects().entrySet()) {
            layout.keyValue("Subject (" + subject.getKey() + ")", subject.getValue());
        }
        layout.keyValue("Published at", utc(advisory.publishedAt()));
        layout.keyValue("Published by", advisory.publishedBy());
        layout.keyValue(
                "Deadline",
                advisory.deadline() == null ? null : advisory.deadline().toString());
        layout.keyValue("Channels", String.join(", ", advisory.channels()));
        layout.keyValue("Audience", advisory.audience());
        List<String> credentials = new ArrayList<>();
        for (EvidenceReport.CredentialLabel credential : advisory.credentials()) {
            credentials.add(credential.label() + " (" + credential.id() + ")");
        }
        layout.keyValue("Credentials to rotate", String.join("\n", credentials));
        if (advisory.supersedes() != null) {
            layout.keyValue("Supersedes", advisory.supersedes());
        }
        if (!advisory.guides().isEmpty()) {
            List<String> guides = new ArrayList<>();
            for (EvidenceReport.GuideHash guide : advisory.guides()) {
                guides.add(guide.credentialId() + " / " + guide.variant() + " / " + guide.language() + ":\n"
                        + guide.sha256());
            }
            layout.keyValue("How-to guides (SHA-256 of the published HTML)", String.join("\n", guides), 7f);
        }

        EvidenceReport.Reach reach = report.reach();
        long complete = reach.targeted() - report.outstanding().total();
        layout.heading("Targeted and reached", 60);
        layout.keyValue("Practices targeted", reach.targeted() + "");
        layout.keyValue("  by email", reach.emailTargeted() + "");
        layout.keyValue("  by letter", reach.letterTargeted() + "");
        List<String> steps = new ArrayList<>();
        reach.byStep().forEach((step, practices) -> steps.add(step + " " + practices));
        layout.keyValue("Notifications by step", steps.isEmpty() ? "none" : String.join(", ", steps) + " (practices)");
        layout.keyValue(
                "Email sent (relay accepted)",
                share(reach.emailSent(), reach.emailTargeted()) + " of the practices targeted by email");
        layout.keyValue("Email bounced (5xx or DSN)", reach.emailBounced() + "");
        layout.keyValue("Email failed (retries exhausted)", reach.emailFailed() + "");
        layout.keyValue("Email deferred, still retried", reach.emailDeferred() + "");
        layout.keyValue("Email not attempted yet", reach.emailPending() + "");
        layout.keyValue(
                "Letters requested",
                reach.letterTargeted()
                        + (reach.letterEvents().isEmpty() ? " (the log holds no letter events yet)" : ""));
        for (Map.Entry<String, Long> letter : reach.letterEvents().entrySet()) {
            layout.keyValue(
                    "  " + LETTER_EVENTS.getOrDefault(letter.getKey(), letter.getKey()),
                    letter.getValue() + " practices");
        }
        layout.keyValue("Acknowledgement page opened", reach.pageVisited() + " practices");
        layout.keyValue("Acknowledged", share(reach.acknowledged(), reach.targeted()) + " of the practices targeted");
        layout.keyValue("Complete", share(complete, reach.targeted()) + " acknowledged and answered every credential");
        if (reach.excluded() > 0) {
            layout.keyValue(
                    "Excluded by hand",
                    reach.excluded() + " practices taken out of the escalation "
                            + "(still counted as outstanding if not complete)");
        }

        layout.heading("Credentials: the latest answer of each practice", 40);
        layout.row(8.5f, CREDENTIAL_COLUMNS, "Credential", "Changed", "By provider", "Not applicable", "No answer");
        layout.rule();
        for (EvidenceReport.CredentialTally tally : report.credentials()) {
            layout.row(
                    PdfLayout.BODY,
                    CREDENTIAL_COLUMNS,
                    tally.label() + " (" + tally.id() + ")",
                    tally.changed() + "",
                    tally.changedByProvider() + "",
                    tally.notApplicable() + "",
                    tally.unanswered() + "");
        }

        layout.heading("Acknowledgements and rotations over time", TimelineChart.HEIGHT);
        layout.paragraph(
                "Cumulative number of practices per day (UTC): a practice counts from the day of its first "
                        + "acknowledgement, and for a credential from the day it first confirmed the credential as changed "
                        + "(by the practice or its IT provider).",
                8f);
        LocalDate from = day(advisory.publishedAt() != null ? advisory.publishedAt() : report.generatedAt());
        LocalDate to = chartEnd(report, from);
        TimelineChart.draw(layout, report.timeline(), from, to, advisory.deadline(), reach.targeted());

        writeOutstanding(layout, report);
        writePosition(layout, report);
    }

    private static void writeOutstanding(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.Outstanding outstanding = report.outstanding();
        String csv = "GET /api/audit/advisories/" + report.advisory().advisoryId() + "/outstanding.csv";
        layout.heading("Outstanding practices", 50);
        if (outstanding.total() == 0) {
            layout.paragraph(
                    "None: every targeted practice acknowledged and answered every credential.", PdfLayout.BODY);
            return;
        }
        layout.paragraph(
                outstanding.total() + " of " + report.reach().targeted() + " targeted practices have not "
                        + "acknowledged or not answered every credential.",
                PdfLayout.BODY);
        if (outstanding.first().size() < outstanding.total()) {
            layout.paragraph(
                    "The first " + outstanding.first().size() + " by practice id are listed here; all "
                            + outstanding.total() + " are in the CSV export: " + csv,
                    PdfLayout.BODY);
        } else {
            layout.paragraph("All are listed here; the same list as CSV: " + csv, 8f);
        }
        layout.moveDown(4);
        layout.row(8.5f, OUTSTANDING_COLUMNS, "Practice", "Delivery", "Missing");
        layout.rule();
        for (EvidenceReport.OutstandingPractice practice : outstanding.first()) {
            layout.row(8.5f, OUTSTANDING_COLUMNS, practice.practiceId(), practice.delivery(), practice.missing());
        }
    }

    private static void writePosition(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.LogPosition position = report.position();
        layout.heading("Log position and anchor", 120);
        layout.paragraph(
                "This report was computed from one consistent snapshot of the audit log: entries 0 to "
                        + position.lastIndex()
                        + ". Each entry's leaf hash is SHA-256(0x00 || UTF-8 of its canonical JSON), "
                        + "the event_json column of GET /api/audit/export.csv.",
                8.5f);
        layout.moveDown(3);
        layout.keyValue("Entries in the log", position.entries() + "");
        layout.keyValue("Last entry index", position.lastIndex() + "");
        layout.keyValue("Leaf hash of the last entry", position.lastLeafHashHex(), HASH_SIZE);
        layout.keyValue("Last entry recorded at", utc(position.lastRecordedAt()));
        layout.keyValue("Entries of this advisory", position.advisoryEntries() + "");
        for (Map.Entry<String, Long> type : position.entriesByType().entrySet()) {
            layout.row(8.5f, TYPE_COLUMNS, "  " + type.getKey(), type.getValue() + "");
        }
        layout.moveDown(6);
        Anchor anchor = report.anchor();
        layout.ensure(anchor == null ? 20 : 110); // the checkpoint on one page
        if (anchor == null) {
            layout.keyValue("Signed checkpoint", "no signed checkpoint yet");
            return;
        }
        layout.keyValue("Signed checkpoint", anchor.origin());
        layout.keyValue("Tree size", anchor.treeSize() + "");
        layout.keyValue("Root hash", anchor.rootHashHex(), HASH_SIZE);
        layout.keyValue("Issued at", utc(anchor.issuedAt()));
        layout.keyValue(
                "Covers",
                anchor.treeSize() >= position.entries()
                        ? "every entry of this report (0 to " + position.lastIndex() + ")"
                        : "entries 0 to " + (anchor.treeSize() - 1) + "; the "
                                + (position.entries() - anchor.treeSize())
                                + " later entries will be covered by the next checkpoint");
        layout.moveDown(4);
        layout.paragraph("The signed note:", 8.5f);
        layout.paragraph(anchor.signedNote() == null ? "" : anchor.signedNote().strip(), 7.5f);
    }

    /**
     * The chart runs from publication to the last day with data, or further to today (but not past the deadline)
     * so that a quiet period shows as a flat line.
     */
    private static LocalDate chartEnd(EvidenceReport report, LocalDate from) {
        LocalDate end = from.plusDays(1);
        for (EvidenceReport.Series series : report.timeline()) {
            for (EvidenceReport.DayCount count : series.days()) {
                if (count.day().isAfter(end)) {
                    end = count.day();
                }
            }
        }
        LocalDate today = day(report.generatedAt());
        LocalDate deadline = report.advisory().deadline();
        LocalDate horizon = deadline != null && deadline.isBefore(today) ? deadline : today;
        if (horizon.isAfter(end) && ChronoUnit.DAYS.between(from, horizon) <= 366) {
            end = horizon;
        }
        return end;
    }

    private static String share(long part, long whole) {
        return whole <= 0
                ? Long.toString(part)
                : String.format(Locale.ROOT, "%d (%.1f %%)", part, 100.0 * part / whole);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** ISO-8601 UTC, to the second. */
    static String utc(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
