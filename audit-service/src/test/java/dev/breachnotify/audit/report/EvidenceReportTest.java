package dev.breachnotify.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF from a synthetic aggregate, read back with PDFBox's text extraction. */
class EvidenceReportTest {

    private static final Instant PUBLISHED = Instant.parse("2026-11-20T09:00:00.123456Z");
    private static final Instant GENERATED = Instant.parse("2026-11-26T14:30:00Z");
    private static final byte[] LEAF = HexFormat.of().parseHex("ab".repeat(32));

    @Test
    void theReportShowsTheAdvisoryReachAnswersOutstandingPracticesAndItsAnchor() throws IOException {
        Anchor anchor = new Anchor(
                "audit.breachnotify.example/log",
                1_000,
                HexFormat.of().parseHex("cd".repeat(32)),
                Instant.parse("2026-11-26T14:00:00Z"),
                "audit.breachnotify.example/log\n1000\nzc3NzM=\n\n— audit.breachnotify.example Az3grlgt\n");

        byte[] pdf = EvidenceReportRenderer.render(report(anchor, 250, 200));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "evidence-report-sample.pdf"), pdf); // to look at

        String text = text(pdf);

        assertThat(text)
                .contains(
                        "Evidence report: notification of a security breach",
                        "Praxissoftware Müller GmbH",
                        "ADV-2026-0001",
                        "Passwörter ändern: Sicherheitsvorfall",
                        "Subject (en)",
                        "Please change your passwords",
                        "Published at 2026-11-20T09:00:00Z",
                        "Published by comms",
                        "Deadline 2026-12-01",
                        "Channels EMAIL, LETTER",
                        "TI connector (ti-konnektor)",
                        "Windows logins (windows-workstations)");
        assertThat(text)
                .contains(
                        "Practices targeted 300",
                        "by email 280",
                        "by letter 40",
                        "Email sent (relay accepted) 270 (96.4 %)",
                        "Email bounced (5xx or DSN) 6",
                        "Email failed (retries exhausted) 2",
                        "Email deferred, still retried 1",
                        "Email not attempted yet 1",
                        "Notifications by step initial 300, reminder 120 (practices)",
                        "rendered 40 practices",
                        "posted (reached by letter) 38 practices",
                        "letter.returned 1 practices",
                        "Acknowledged 120 (40.0 %)",
                        "Complete 50 (16.7 %)",
                        "Excluded by hand 3 practices");
        assertThat(text).contains("TI connector (ti-konnektor) 90 10 5 195");
        assertThat(text).contains("How-to guides", "ti-konnektor / secunet / de: " + GUIDE_HASH);
        assertThat(text)
                .contains(
                        "Who answered",
                        "/answers.csv",
                        "Practice (general code) 200 500 0 200",
                        "Contact: OWNER 79 100 0 70",
                        "Partner: Praxis-IT Nord GmbH (IT-NORD) 0 40 3 25");
        assertThat(text)
                .contains(
                        "Practices (cumulative)",
                        "Day (UTC)",
                        "2026-11-20",
                        "Acknowledged (120)",
                        "Rotated: TI connector (100)",
                        "targeted: 300");
        assertThat(text)
                .contains(
                        "250 of 300 targeted practices",
                        "The first 200 by practice id are listed",
                        "GET /api/audit/advisories/ADV-2026-0001/outstanding.csv",
                        "P-00000 email bounced; letter; excluded",
                        "acknowledgement, ti-konnektor, windows-workstations",
                        "P-00199")
                .doesNotContain("P-00200");
        assertThat(text)
                .contains(
                        "Entries in the log 1200",
                        "Last entry index 1199",
                        "Leaf hash of the last entry " + "ab".repeat(32),
                        "Entries of this advisory 900",
                        "notification.requested 320",
                        "Tree size 1000",
                        "Root hash " + "cd".repeat(32),
                        "Issued at 2026-11-26T14:00:00Z",
                        "entries 0 to 999; the 200 later entries",
                        "— audit.breachnotify.example Az3grlgt");
        assertThat(text).contains("page 1 of", "generated 2026-11-26T14:30:00Z for dpo");
    }

    @Test
    void withoutACheckpointTheReportSaysSoAndTheFontIsEmbedded() throws IOException {
        byte[] pdf = EvidenceReportRenderer.render(report(null, 3, 200));

        String text = text(pdf);
        assertThat(text).contains("Signed checkpoint no signed checkpoint yet", "All are listed here");
        // odd characters from events never break the report
        assertThat(text).contains("P-\u00e9t\u00e9 ?");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(0);
            List<PDFont> fonts = new ArrayList<>();
            for (COSName name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name));
            }
            assertThat(fonts)
                    .isNotEmpty()
                    .allSatisfy(font -> assertThat(font.isEmbedded()).isTrue());
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Evidence report ADV-2026-0001");
        }
    }

    @Test
    void aSeriesIsCumulativeOverEveryDayOfTheRange() {
        EvidenceReport.Series series = new EvidenceReport.Series(
                "x",
                List.of(
                        new EvidenceReport.DayCount(LocalDate.of(2026, 11, 19), 2),
                        new EvidenceReport.DayCount(LocalDate.of(2026, 11, 21), 3),
                        new EvidenceReport.DayCount(LocalDate.of(2026, 11, 22), 1)));

        assertThat(series.cumulative(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 23)))
                .containsExactly(2L, 5L, 6L, 6L);
        assertThat(series.total()).isEqualTo(6);
        assertThat(TimelineChart.niceStep(0.2)).isEqualTo(1);
        assertThat(TimelineChart.niceStep(60)).isEqualTo(100);
        assertThat(TimelineChart.niceStep(7_999)).isEqualTo(10_000);
        assertThat(TimelineChart.niceStep(1_500)).isEqualTo(2_000);
    }

    private static final String GUIDE_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static EvidenceReport report(Anchor anchor, int outstandingTotal, int listed) {
        Map<String, String> subjects = new TreeMap<>(
                Map.of("de", "Passwörter ändern: Sicherheitsvorfall", "en", "Please change your passwords"));
        EvidenceReport.Advisory advisory = new EvidenceReport.Advisory(
                "ADV-2026-0001",
                "Sicherheitsvorfall November",
                subjects,
                PUBLISHED,
                "comms",
                LocalDate.of(2026, 12, 1),
                List.of("EMAIL", "LETTER"),
                "ALL",
                List.of(
                        new EvidenceReport.CredentialLabel("ti-konnektor", "TI connector"),
                        new EvidenceReport.CredentialLabel("windows-workstations", "Windows logins")),
                null,
                List.of(new EvidenceReport.GuideHash("ti-konnektor", "secunet", "de", GUIDE_HASH)));
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("initial", 300L);
        steps.put("reminder", 120L);
        Map<String, Long> letters = new LinkedHashMap<>();
        letters.put("letter.rendered", 40L);
        letters.put("letter.posted", 38L);
        letters.put("letter.returned", 1L); // a type this build has no label for
        EvidenceReport.Reach reach =
                new EvidenceReport.Reach(300, 280, 40, steps, 270, 6, 2, 1, 1, letters, 150, 120, 3);
        List<EvidenceReport.CredentialTally> tallies = List.of(
                new EvidenceReport.CredentialTally("ti-konnektor", "TI connector", 90, 10, 5, 195),
                new EvidenceReport.CredentialTally("windows-workstations", "Windows logins", 60, 0, 0, 240));
        List<EvidenceReport.Series> timeline = List.of(
                new EvidenceReport.Series(
                        "Acknowledged",
                        List.of(
                                new EvidenceReport.DayCount(LocalDate.of(2026, 11, 20), 70),
                                new EvidenceReport.DayCount(LocalDate.of(2026, 11, 21), 40),
                                new EvidenceReport.DayCount(LocalDate.of(2026, 11, 24), 10))),
                new EvidenceReport.Series(
                        "Rotated: TI connector",
                        List.of(
                                new EvidenceReport.DayCount(LocalDate.of(2026, 11, 21), 60),
                                new EvidenceReport.DayCount(LocalDate.of(2026, 11, 23), 40))),
                new EvidenceReport.Series(
                        "Rotated: Windows logins",
                        List.of(new EvidenceReport.DayCount(LocalDate.of(2026, 11, 22), 60))));
        List<EvidenceReport.OutstandingPractice> first = new ArrayList<>();
        for (int i = 0; i < Math.min(listed, outstandingTotal); i++) {
            first.add(new EvidenceReport.OutstandingPractice(
                    i == 2 ? "P-\u00e9t\u00e9 \ud83d\ude00" : "P-%05d".formatted(i),
                    i == 0 ? "email bounced; letter; excluded" : "email sent",
                    i % 2 == 1,
                    List.of("ti-konnektor", "windows-workstations")));
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        byType.put("advisory.published", 1L);
        byType.put("notification.requested", 320L);
        byType.put("email.sent", 300L);
        byType.put("acknowledgement.recorded", 279L);
        return new EvidenceReport(
                "Praxissoftware Müller GmbH",
                GENERATED,
                "dpo",
                advisory,
                reach,
                tallies,
                timeline,
                new EvidenceReport.Outstanding(outstandingTotal, first),
                List.of(
                        new EvidenceReport.Answerer("practice", "", null, 200, 500, 0, 200),
                        new EvidenceReport.Answerer("contact", "OWNER", null, 79, 100, 0, 70),
                        new EvidenceReport.Answerer("partner", "IT-NORD", "Praxis-IT Nord GmbH", 0, 40, 3, 25)),
                new EvidenceReport.LogPosition(1_200, 1_199, LEAF, Instant.parse("2026-11-26T14:29:00Z"), 900, byType),
                anchor);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // one space between words, whatever the layout's gaps and line breaks
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }
}
