package dev.breachnotify.ack.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerCsvTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    private static final AnswerRules RULES = new AnswerRules(
            Map.of(
                    "P1", List.of("ti-konnektor", "praxis-admin"),
                    "P2", List.of("ti-konnektor"),
                    "P3", List.of("praxis-admin")),
            TODAY);

    private static PartnerCsv.Report read(String text) {
        return PartnerCsv.read(text.getBytes(StandardCharsets.UTF_8), RULES);
    }

    @Test
    void aHeaderSetsTheColumnsAndAnEmptyCredentialMeansAllOfThePartners() {
        PartnerCsv.Report report = read("changed_on,practice_id\n2026-12-01,P1\n02.12.2026,P2\n");

        assertThat(report.valid()).isTrue();
        assertThat(report.rows()).isEqualTo(2);
        assertThat(report.answers())
                .containsExactly(
                        PartnerAnswer.changed("P1", "ti-konnektor", LocalDate.of(2026, 12, 1)),
                        PartnerAnswer.changed("P1", "praxis-admin", LocalDate.of(2026, 12, 1)),
                        PartnerAnswer.changed("P2", "ti-konnektor", LocalDate.of(2026, 12, 2)));
    }

    @Test
    void semicolonsByteOrderMarkQuotesAndNoHeaderAreRead() {
        PartnerCsv.Report report = read("\uFEFF\"P1\";TI-Konnektor;1.12.2026\r\n\r\nP3;;;not-our-job\r\n");

        assertThat(report.problems()).isEmpty();
        assertThat(report.answers())
                .containsExactly(
                        PartnerAnswer.changed("P1", "ti-konnektor", LocalDate.of(2026, 12, 1)),
                        PartnerAnswer.notOurJob("P3", "praxis-admin"));
    }

    @Test
    void everyBadRowIsReportedWithItsLineAndNothingIsAnswered() {
        PartnerCsv.Report report = read("practice_id,credential,changed_on,status\n"
                + "P1,ti-konnektor,2026-12-01,\n" // fine
                + "PX,,2026-12-01,\n" // not on the list
                + "P2,praxis-admin,2026-12-01,\n" // not the partner's credential there
                + "P3,,2026-13-01,\n" // no date
                + "P3,,2026-12-06,\n" // tomorrow
                + ",,2026-12-01,\n" // no practice
                + "P1,,,\n" // no date for a change
                + "P1,praxis-admin,2026-12-01,maybe\n" // unknown status
                + "P1,TI-KONNEKTOR,2026-12-02,\n"); // duplicate of line 2

        assertThat(report.valid()).isFalse();
        assertThat(report.answers()).isEmpty();
        assertThat(report.problems())
                .extracting(Problem::line, Problem::field, Problem::kind)
                .containsExactly(
                        tuple(3, "practice_id", Problem.Kind.NOT_ON_LIST),
                        tuple(4, "credential", Problem.Kind.CREDENTIAL_NOT_YOURS),
                        tuple(5, "changed_on", Problem.Kind.DATE_INVALID),
                        tuple(6, "changed_on", Problem.Kind.DATE_IN_FUTURE),
                        tuple(7, "practice_id", Problem.Kind.PRACTICE_MISSING),
                        tuple(8, "changed_on", Problem.Kind.DATE_MISSING),
                        tuple(9, "status", Problem.Kind.STATUS_UNKNOWN),
                        tuple(10, "practice_id", Problem.Kind.DUPLICATE));
    }

    @Test
    void aLineNumberCountsTheLinesOfAQuotedCellWithALineBreak() {
        PartnerCsv.Report report =
                read("practice_id,credential,changed_on\n\"P1\",\"ti-\nkonnektor\",2026-12-01\nPX,,2026-12-01\n");

        assertThat(report.problems()).extracting(Problem::line).containsExactly(2, 4);
    }

    @Test
    void theFileAsAWholeIsRefusedWhenItIsNoUtf8TooLargeEmptyOrWithoutThePracticeColumn() {
        assertThat(PartnerCsv.read(new byte[] {'P', '1', ',', (byte) 0xFF}, RULES)
                        .problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.FILE_NOT_UTF8);
        assertThat(PartnerCsv.read(new byte[PartnerCsv.MAX_BYTES + 1], RULES).problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.FILE_TOO_LARGE);
        assertThat(read("").problems()).extracting(Problem::kind).containsExactly(Problem.Kind.FILE_MISSING);
        assertThat(read("practice_id\n").problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.FILE_MISSING);
        assertThat(read("credential,practice\nx,P1\n").problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.HEADER_MISSING);
        assertThat(read("\"P1,ti-konnektor,2026-12-01\n").problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.FILE_MALFORMED);
        String many = "P1,ti-konnektor,2026-12-01\n".repeat(PartnerCsv.MAX_ROWS + 1);
        assertThat(read(many).problems()).extracting(Problem::kind).containsExactly(Problem.Kind.TOO_MANY);
    }
}
