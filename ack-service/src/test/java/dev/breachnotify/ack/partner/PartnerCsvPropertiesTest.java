package dev.breachnotify.ack.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A partner's upload is any bytes: it is read or refused with problems, never an exception (a 500). */
class PartnerCsvPropertiesTest {

    private static final AnswerRules RULES = new AnswerRules(
            Map.of("P1", List.of("ti-konnektor", "praxis-admin"), "P2", List.of("ti-konnektor")),
            LocalDate.of(2026, 12, 5));

    @Property(tries = 500)
    void anyBytesAreReadOrRefusedWithProblemsOnLinesOfTheFile(@ForAll byte[] file) {
        check(file);
    }

    @Property(tries = 1000)
    void anyTextOfCsvCharactersIsReadOrRefused(@ForAll("csvLike") String text) {
        check(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> csvLike() {
        return Arbitraries.strings()
                .withChars("P12,;\"\n\r \uFEFF.-0123456789tiknorpaxdmch_status")
                .ofMaxLength(300);
    }

    private static void check(byte[] file) {
        PartnerCsv.Report report = PartnerCsv.read(file, RULES);
        long lines = new String(file, StandardCharsets.UTF_8)
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
        if (report.valid()) {
            assertThat(report.answers()).isNotEmpty();
        } else {
            assertThat(report.answers()).isEmpty();
            assertThat(report.problems())
                    .allSatisfy(problem -> assertThat((long) problem.line()).isBetween(0L, lines));
        }
    }
}
