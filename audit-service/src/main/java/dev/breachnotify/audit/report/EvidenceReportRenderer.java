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
    private static final float[] ANSWERER_COLUMNS = {
        PdfLayout.LEFT, PdfLayout.LEFT + 200, PdfLayout.LEFT + 270, PdfLayout.LEFT + 340, PdfLayout.LEFT + 400
    };
    private static final float[] OUTSTANDING_COLUMNS = {PdfLayout.LEFT, PdfLayout.LEFT + 90, PdfLayout.LEFT + 240};
    private static final float[] TYPE_COLUMNS = {PdfLayout.LEFT, PdfLayout.LEFT + 220};

    /** How the letter events of the log read in the report; other {@code letter.*} types show their name. */
    private static final Map<String, String> LETTER_EVENTS = Map.of(
            "letter.rendered", ReportTexts.text("reach.letter.rendered"),
            "letter.handed.to.printer", ReportTexts.text("reach.letter.handedToPrinter"),
            "letter.posted", ReportTexts.text("reach.letter.posted"));
    /** Hashes in this size, so that 64 hex digits fit on one line. */
    private static final float HASH_SIZE = 8f;

    private EvidenceReportRenderer() {}

    /** The report as a PDF file. */
    public static byte[] render(EvidenceReport report) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(ReportTexts.format("document.title", report.advisory().advisoryId()));
            info.setAuthor(report.vendorName());
            info.setCreator("breach-notify audit-service");
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
            created.setTimeInMillis(report.generatedAt().toEpochMilli());
            info.setCreationDate(created);
            try (PdfLayout layout = new PdfLayout(document)) {
                write(layout, report);
                layout.footers(ReportTexts.format(
                        "document.footer",
                        report.advisory().advisoryId(),
                        utc(report.generatedAt()),
                        report.requestedBy(),
                        report.position().lastIndex()));
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the evidence report", e);
        }
    }

    private static void write(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.Advisory advisory = report.advisory();
        layout.title(ReportTexts.text("title"), 17);
        layout.paragraph(report.vendorName(), 11);
        layout.paragraph(
                ReportTexts.format("subtitle", advisory.advisoryId(), utc(report.generatedAt()), report.requestedBy()),
                8.5f);

        layout.heading(ReportTexts.text("advisory.heading"), 60);
        layout.keyValue(ReportTexts.text("advisory.id"), advisory.advisoryId());
        layout.keyValue(ReportTexts.text("advisory.title"), advisory.title());
        for (Map.Entry<String, String> subject : advisory.subjects().entrySet()) {
            layout.keyValue(ReportTexts.format("advisory.subject", subject.getKey()), subject.getValue());
        }
        layout.keyValue(ReportTexts.text("advisory.publishedAt"), utc(advisory.publishedAt()));
        layout.keyValue(ReportTexts.text("advisory.publishedBy"), advisory.publishedBy());
        layout.keyValue(
                ReportTexts.text("advisory.deadline"),
                advisory.deadline() == null ? null : advisory.deadline().toString());
        layout.keyValue(ReportTexts.text("advisory.channels"), String.join(", ", advisory.channels()));
        layout.keyValue(ReportTexts.text("advisory.audience"), advisory.audience());
        List<String> credentials = new ArrayList<>();
        for (EvidenceReport.CredentialLabel credential : advisory.credentials()) {
            credentials.add(ReportTexts.format("advisory.credential", credential.label(), credential.id()));
        }
        layout.keyValue(ReportTexts.text("advisory.credentials"), String.join("\n", credentials));
        if (advisory.supersedes() != null) {
            layout.keyValue(ReportTexts.text("advisory.supersedes"), advisory.supersedes());
        }
        if (!advisory.guides().isEmpty()) {
            List<String> guides = new ArrayList<>();
            for (EvidenceReport.GuideHash guide : advisory.guides()) {
                guides.add(ReportTexts.format(
                        "advisory.guide", guide.credentialId(), guide.variant(), guide.language(), guide.sha256()));
            }
            layout.keyValue(ReportTexts.text("advisory.guides"), String.join("\n", guides), 7f);
        }

        EvidenceReport.Reach reach = report.reach();
        long complete = reach.targeted() - report.outstanding().total();
        layout.heading(ReportTexts.text("reach.heading"), 60);
        layout.keyValue(ReportTexts.text("reach.targeted"), reach.targeted() + "");
        layout.keyValue(ReportTexts.text("reach.byEmail"), reach.emailTargeted() + "");
        layout.keyValue(ReportTexts.text("reach.byLetter"), reach.letterTargeted() + "");
        List<String> steps = new ArrayList<>();
        reach.byStep().forEach((step, practices) -> steps.add(step + " " + practices));
        layout.keyValue(
                ReportTexts.text("reach.steps"),
                steps.isEmpty()
                        ? ReportTexts.text("reach.stepsNone")
                        : ReportTexts.format("reach.stepsList", String.join(", ", steps)));
        layout.keyValue(
                ReportTexts.text("reach.emailSent"),
                ReportTexts.format("reach.emailSentValue", share(reach.emailSent(), reach.emailTargeted())));
        layout.keyValue(ReportTexts.text("reach.emailBounced"), reach.emailBounced() + "");
        layout.keyValue(ReportTexts.text("reach.emailFailed"), reach.emailFailed() + "");
        layout.keyValue(ReportTexts.text("reach.emailDeferred"), reach.emailDeferred() + "");
        layout.keyValue(ReportTexts.text("reach.emailPending"), reach.emailPending() + "");
        layout.keyValue(
                ReportTexts.text("reach.letters"),
                reach.letterEvents().isEmpty()
                        ? ReportTexts.format("reach.lettersNoEvents", reach.letterTargeted())
                        : reach.letterTargeted() + "");
        for (Map.Entry<String, Long> letter : reach.letterEvents().entrySet()) {
            layout.keyValue(
                    "  " + LETTER_EVENTS.getOrDefault(letter.getKey(), letter.getKey()),
                    ReportTexts.format("reach.practices", letter.getValue()));
        }
        layout.keyValue(
                ReportTexts.text("reach.pageOpened"), ReportTexts.format("reach.practices", reach.pageVisited()));
        layout.keyValue(
                ReportTexts.text("reach.acknowledged"),
                ReportTexts.format("reach.acknowledgedValue", share(reach.acknowledged(), reach.targeted())));
        layout.keyValue(
                ReportTexts.text("reach.complete"),
                ReportTexts.format("reach.completeValue", share(complete, reach.targeted())));
        if (reach.excluded() > 0) {
            layout.keyValue(
                    ReportTexts.text("reach.excluded"), ReportTexts.format("reach.excludedValue", reach.excluded()));
        }

        layout.heading(ReportTexts.text("credentials.heading"), 40);
        layout.row(
                8.5f,
                CREDENTIAL_COLUMNS,
                ReportTexts.text("credentials.credential"),
                ReportTexts.text("credentials.changed"),
                ReportTexts.text("credentials.byProvider"),
                ReportTexts.text("credentials.notApplicable"),
                ReportTexts.text("credentials.noAnswer"));
        layout.rule();
        for (EvidenceReport.CredentialTally tally : report.credentials()) {
            layout.row(
                    PdfLayout.BODY,
                    CREDENTIAL_COLUMNS,
                    ReportTexts.format("advisory.credential", tally.label(), tally.id()),
                    tally.changed() + "",
                    tally.changedByProvider() + "",
                    tally.notApplicable() + "",
                    tally.unanswered() + "");
        }

        layout.heading(ReportTexts.text("timeline.heading"), TimelineChart.HEIGHT);
        layout.paragraph(ReportTexts.text("timeline.explanation"), 8f);
        LocalDate from = day(advisory.publishedAt() != null ? advisory.publishedAt() : report.generatedAt());
        LocalDate to = chartEnd(report, from);
        TimelineChart.draw(layout, report.timeline(), from, to, advisory.deadline(), reach.targeted());

        writeAnswerers(layout, report);
        writeOutstanding(layout, report);
        writePosition(layout, report);
    }

    /** Who answered: the practices' general codes, their contacts by role, and IT service partners. */
    private static void writeAnswerers(PdfLayout layout, EvidenceReport report) throws IOException {
        if (report.answerers().isEmpty()) {
            return;
        }
        layout.heading(ReportTexts.text("answerers.heading"), 50);
        layout.paragraph(
                ReportTexts.format(
                        "answerers.explanation",
                        "GET /api/audit/advisories/" + report.advisory().advisoryId() + "/answers.csv"),
                8f);
        layout.moveDown(4);
        layout.row(
                8.5f,
                ANSWERER_COLUMNS,
                ReportTexts.text("answerers.who"),
                ReportTexts.text("answerers.acknowledgements"),
                ReportTexts.text("answerers.confirmations"),
                ReportTexts.text("answerers.declines"),
                ReportTexts.text("answerers.practices"));
        layout.rule();
        for (EvidenceReport.Answerer answerer : report.answerers()) {
            String who = switch (answerer.kind()) {
                case "practice" -> ReportTexts.text("answerers.generalCode");
                case "contact" -> ReportTexts.format("answerers.contact", answerer.who());
                default ->
                    ReportTexts.format(
                            "answerers.partner",
                            answerer.name() == null ? answerer.who() : answerer.name(),
                            answerer.who());
            };
            layout.row(
                    PdfLayout.BODY,
                    ANSWERER_COLUMNS,
                    who,
                    answerer.acknowledgements() + "",
                    answerer.confirmations() + "",
                    answerer.declines() + "",
                    answerer.practices() + "");
        }
    }

    private static void writeOutstanding(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.Outstanding outstanding = report.outstanding();
        String csv = "GET /api/audit/advisories/" + report.advisory().advisoryId() + "/outstanding.csv";
        layout.heading(ReportTexts.text("outstanding.heading"), 50);
        if (outstanding.total() == 0) {
            layout.paragraph(ReportTexts.text("outstanding.none"), PdfLayout.BODY);
            return;
        }
        layout.paragraph(
                ReportTexts.format(
                        "outstanding.count", outstanding.total(), report.reach().targeted()),
                PdfLayout.BODY);
        if (outstanding.first().size() < outstanding.total()) {
            layout.paragraph(
                    ReportTexts.format("outstanding.first", outstanding.first().size(), outstanding.total(), csv),
                    PdfLayout.BODY);
        } else {
            layout.paragraph(ReportTexts.format("outstanding.all", csv), 8f);
        }
        layout.moveDown(4);
        layout.row(
                8.5f,
                OUTSTANDING_COLUMNS,
                ReportTexts.text("outstanding.practice"),
                ReportTexts.text("outstanding.delivery"),
                ReportTexts.text("outstanding.missing"));
        layout.rule();
        for (EvidenceReport.OutstandingPractice practice : outstanding.first()) {
            layout.row(8.5f, OUTSTANDING_COLUMNS, practice.practiceId(), practice.delivery(), practice.missing());
        }
    }

    private static void writePosition(PdfLayout layout, EvidenceReport report) throws IOException {
        EvidenceReport.LogPosition position = report.position();
        layout.heading(ReportTexts.text("position.heading"), 120);
        layout.paragraph(ReportTexts.format("position.explanation", position.lastIndex()), 8.5f);
        layout.moveDown(3);
        layout.keyValue(ReportTexts.text("position.entries"), position.entries() + "");
        layout.keyValue(ReportTexts.text("position.lastIndex"), position.lastIndex() + "");
        layout.keyValue(ReportTexts.text("position.lastLeafHash"), position.lastLeafHashHex(), HASH_SIZE);
        layout.keyValue(ReportTexts.text("position.lastRecordedAt"), utc(position.lastRecordedAt()));
        layout.keyValue(ReportTexts.text("position.advisoryEntries"), position.advisoryEntries() + "");
        for (Map.Entry<String, Long> type : position.entriesByType().entrySet()) {
            layout.row(8.5f, TYPE_COLUMNS, "  " + type.getKey(), type.getValue() + "");
        }
        layout.moveDown(6);
        Anchor anchor = report.anchor();
        layout.ensure(anchor == null ? 20 : 110); // the checkpoint on one page
        if (anchor == null) {
            layout.keyValue(ReportTexts.text("position.checkpoint"), ReportTexts.text("position.noCheckpoint"));
            return;
        }
        layout.keyValue(ReportTexts.text("position.checkpoint"), anchor.origin());
        layout.keyValue(ReportTexts.text("position.treeSize"), anchor.treeSize() + "");
        layout.keyValue(ReportTexts.text("position.rootHash"), anchor.rootHashHex(), HASH_SIZE);
        layout.keyValue(ReportTexts.text("position.issuedAt"), utc(anchor.issuedAt()));
        layout.keyValue(
                ReportTexts.text("position.covers"),
                anchor.treeSize() >= position.entries()
                        ? ReportTexts.format("position.coversAll", position.lastIndex())
                        : ReportTexts.format(
                                "position.coversPart", anchor.treeSize() - 1, position.entries() - anchor.treeSize()));
        layout.moveDown(4);
        layout.paragraph(ReportTexts.text("position.signedNote"), 8.5f);
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
