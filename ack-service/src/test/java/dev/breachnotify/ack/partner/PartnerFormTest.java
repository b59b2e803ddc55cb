package dev.breachnotify.ack.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerFormTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    private static final Map<String, List<String>> LIST = Map.of(
            "P1", List.of("ti-konnektor", "praxis-admin"),
            "P2", List.of("ti-konnektor"));

    @Test
    void repeatedFieldsKeepEveryValueAndABrokenBodyHasNone() {
        Map<String, List<String>> fields = PartnerForm.fields("sel=P1&sel=P2&name=Max+M%C3%BCller&x");

        assertThat(fields.get("sel")).containsExactly("P1", "P2");
        assertThat(PartnerForm.first(fields, "name")).isEqualTo("Max Müller");
        assertThat(PartnerForm.fields("sel=%ZZ")).isEmpty();
    }

    @Test
    void aSelectionWithOneCredentialGivesOneAnswerPerPractice() {
        PartnerForm.Result result = PartnerForm.validate(
                PartnerForm.fields("name=+Max%0A%E2%80%AEAdmin+&action=changed&changedOn=01.12.2026"
                        + "&credential=TI-Konnektor&sel=P1&sel=P2&sel=P1"),
                LIST,
                TODAY);

        assertThat(result.problems()).isEmpty();
        assertThat(result.confirmedBy()).isEqualTo("Max Admin");
        assertThat(result.answers())
                .containsExactly(
                        PartnerAnswer.changed("P1", "ti-konnektor", LocalDate.of(2026, 12, 1)),
                        PartnerAnswer.changed("P2", "ti-konnektor", LocalDate.of(2026, 12, 1)));
    }

    @Test
    void aRowsOwnButtonCountsAloneAndAllCredentialsAreItsDefault() {
        PartnerForm.Result result =
                PartnerForm.validate(PartnerForm.fields("name=Max&action=declined&sel=P2&one=P1"), LIST, TODAY);

        assertThat(result.answers())
                .containsExactly(
                        PartnerAnswer.notOurJob("P1", "ti-konnektor"), PartnerAnswer.notOurJob("P1", "praxis-admin"));
    }

    @Test
    void everyProblemIsNamedAndNothingIsAnswered() {
        PartnerForm.Result result = PartnerForm.validate(
                PartnerForm.fields(
                        "name=&action=changed&changedOn=2026-12-06&credential=praxis-admin" + "&sel=P1&sel=P2&sel=P9"),
                LIST,
                TODAY);

        assertThat(result.answers()).isEmpty();
        assertThat(result.problems())
                .extracting(Problem::kind, Problem::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.NAME_MISSING, null),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.DATE_IN_FUTURE, "2026-12-06"),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.NOT_ON_LIST, "P9"),
                        org.assertj.core.groups.Tuple.tuple(Problem.Kind.CREDENTIAL_NOT_YOURS, "P2"));
        assertThat(PartnerForm.validate(PartnerForm.fields("name=M&action=changed"), LIST, TODAY)
                        .problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.NOTHING_SELECTED, Problem.Kind.DATE_MISSING);
        assertThat(PartnerForm.validate(PartnerForm.fields("name=M&action=x&sel=P1"), LIST, TODAY)
                        .problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.ACTION_UNKNOWN);
        assertThat(PartnerForm.validate(
                                PartnerForm.fields("name=M&action=changed&changedOn=31.02.2026&sel=P1"), LIST, TODAY)
                        .problems())
                .extracting(Problem::kind)
                .containsExactly(Problem.Kind.DATE_INVALID);
    }

    @Test
    void theSearchTreatsLikeWildcardsAsText() {
        assertThat(PartnerQueries.likeEscaped("50%_a\\b")).isEqualTo("50\\%\\_a\\\\b");
    }
}
