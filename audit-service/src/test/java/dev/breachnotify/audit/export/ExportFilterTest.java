package dev.breachnotify.audit.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExportFilterTest {

    @Test
    void readsEveryFilter() {
        ExportFilter filter =
                ExportFilter.parse("ADV-1", "P-7", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00+01:00", null);

        assertThat(filter)
                .isEqualTo(new ExportFilter(
                        "ADV-1", "P-7", Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-20T23:00:00Z")));
    }

    @Test
    void oneFilterIsEnough() {
        assertThat(ExportFilter.parse(null, "P-7", null, null, null).practiceId())
                .isEqualTo("P-7");
        assertThat(ExportFilter.parse(null, null, "2026-11-20T00:00:00Z", null, null)
                        .from())
                .isNotNull();
    }

    @Test
    void noFilterNeedsAllTrue() {
        assertBadParameter(() -> ExportFilter.parse(null, null, null, null, null), "advisoryId");
        assertBadParameter(() -> ExportFilter.parse(null, null, null, null, "false"), "advisoryId");
        assertThat(ExportFilter.parse(null, null, null, null, "true"))
                .isEqualTo(new ExportFilter(null, null, null, null));
    }

    @Test
    void badValuesNameTheirParameter() {
        assertBadParameter(() -> ExportFilter.parse("ADV-1", null, "yesterday", null, null), "from");
        assertBadParameter(() -> ExportFilter.parse("ADV-1", null, null, "2026-13-01T00:00:00Z", null), "to");
        assertBadParameter(
                () -> ExportFilter.parse("ADV-1", null, "2026-11-21T00:00:00Z", "2026-11-20T00:00:00Z", null), "to");
        assertBadParameter(() -> ExportFilter.parse(" ", null, null, null, null), "advisoryId");
        assertBadParameter(() -> ExportFilter.parse(null, "P\n1", null, null, null), "practiceId");
        assertBadParameter(() -> ExportFilter.parse("x".repeat(257), null, null, null, null), "advisoryId");
        assertBadParameter(() -> ExportFilter.parse("ADV-1", null, null, null, "yes"), "all");
    }

    @Test
    void theFileNameCarriesTheAdvisoryWithUnsafeCharactersReplaced() {
        assertThat(ExportFilter.parse("ADV-2026-001", null, null, null, null).fileName())
                .isEqualTo("audit-ADV-2026-001.csv");
        assertThat(ExportFilter.parse("a\"b/c;d é", null, null, null, null).fileName())
                .isEqualTo("audit-a_b_c_d__.csv");
        assertThat(ExportFilter.parse(null, "P-1", null, null, null).fileName()).isEqualTo("audit-log.csv");
    }

    private static void assertBadParameter(Runnable parse, String parameter) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(
                        BadParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo(parameter));
    }
}
