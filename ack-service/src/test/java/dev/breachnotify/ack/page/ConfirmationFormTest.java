package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.page.ConfirmationForm.Problem;
import dev.breachnotify.ack.page.ConfirmationForm.Problem.Kind;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.RotationStatus;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfirmationFormTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private static final List<Credential> CREDENTIALS = List.of(
            new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector")),
            new Credential("praxis-admin", Map.of("de", "Admin-Passwort", "en", "Admin password")));

    @Test
    void anAcknowledgementWithAnswersIsASubmission() {
        ConfirmationForm.Result result = validate(Map.of(
                "acknowledged", "yes",
                "name", "  Dr.   Erika\tMustermann ",
                "status:ti-konnektor", "CHANGED",
                "changedOn:ti-konnektor", "2026-11-20",
                "status:praxis-admin", "CHANGED_BY_PROVIDER",
                "changedOn:praxis-admin", "2026-11-21",
                "csrf", "ignored"));

        assertThat(result.valid()).isTrue();
        assertThat(result.submission().acknowledged()).isTrue();
        assertThat(result.submission().confirmedBy()).isEqualTo("Dr. Erika Mustermann");
        assertThat(result.submission().answers())
                .containsExactly(
                        new ConfirmationForm.Answer("ti-konnektor", RotationStatus.CHANGED, LocalDate.of(2026, 11, 20)),
                        new ConfirmationForm.Answer("praxis-admin", RotationStatus.CHANGED_BY_PROVIDER, null));
    }

    @Test
    void notYetAnsweredCredentialsAreLeftOut() {
        ConfirmationForm.Result result =
                validate(Map.of("name", "Erika", "status:ti-konnektor", "NOT_APPLICABLE", "status:praxis-admin", ""));

        assertThat(result.valid()).isTrue();
        assertThat(result.submission().acknowledged()).isFalse();
        assertThat(result.submission().answers())
                .containsExactly(new ConfirmationForm.Answer("ti-konnektor", RotationStatus.NOT_APPLICABLE, null));
    }

    @Test
    void theNameIsRequiredAndAtMost200Characters() {
        assertThat(validate(Map.of("acknowledged", "yes")).problems())
                .containsExactly(new Problem(Kind.NAME_MISSING, null));
        assertThat(validate(Map.of("acknowledged", "yes", "name", " \t ")).problems())
                .containsExactly(new Problem(Kind.NAME_MISSING, null));
        assertThat(validate(Map.of("acknowledged", "yes", "name", "x".repeat(200)))
                        .valid())
                .isTrue();
        assertThat(validate(Map.of("acknowledged", "yes", "name", "x".repeat(201)))
                        .problems())
                .containsExactly(new Problem(Kind.NAME_TOO_LONG, null));
    }

    @Test
    void changedNeedsADateThatIsNotInTheFuture() {
        assertThat(validate(Map.of("name", "E", "status:ti-konnektor", "CHANGED"))
                        .problems())
                .containsExactly(new Problem(Kind.DATE_MISSING, "ti-konnektor"));
        assertThat(validate(Map.of(
                                "name", "E", "status:ti-konnektor", "CHANGED", "changedOn:ti-konnektor", "24.11.2026"))
                        .problems())
                .containsExactly(new Problem(Kind.DATE_INVALID, "ti-konnektor"));
        assertThat(validate(Map.of(
                                "name", "E", "status:ti-konnektor", "CHANGED", "changedOn:ti-konnektor", "2026-11-25"))
                        .problems())
                .containsExactly(new Problem(Kind.DATE_IN_FUTURE, "ti-konnektor"));
        assertThat(validate(Map.of(
                                "name", "E", "status:ti-konnektor", "CHANGED", "changedOn:ti-konnektor", "2026-11-24"))
                        .valid())
                .isTrue();
    }

    @Test
    void unknownCredentialsAndStatusesAreRejected() {
        ConfirmationForm.Result result = validate(Map.of(
                "acknowledged",
                "yes",
                "name",
                "E",
                "status:vpn",
                "CHANGED",
                "changedOn:vpn",
                "2026-11-01",
                "status:praxis-admin",
                "DONE"));

        assertThat(result.valid()).isFalse();
        assertThat(result.problems())
                .containsExactlyInAnyOrder(
                        new Problem(Kind.CREDENTIAL_UNKNOWN, "vpn"), new Problem(Kind.STATUS_UNKNOWN, "praxis-admin"));
    }

    @Test
    void somethingMustBeRecorded() {
        assertThat(validate(Map.of("name", "E")).problems()).containsExactly(new Problem(Kind.NOTHING_TO_RECORD, null));
        assertThat(validate(Map.of("name", "E", "acknowledged", "no")).problems())
                .containsExactly(new Problem(Kind.NOTHING_TO_RECORD, null));
    }

    @Test
    void aRejectedFormKeepsWhatWasEntered() {
        Map<String, String> fields = new HashMap<>(Map.of(
                "acknowledged",
                "yes",
                "name",
                "",
                "status:ti-konnektor",
                "CHANGED",
                "changedOn:ti-konnektor",
                "2026-11-30"));

        ConfirmationForm.Result result = validate(fields);

        assertThat(result.valid()).isFalse();
        assertThat(result.entered().acknowledged()).isTrue();
        assertThat(result.entered().statuses()).containsEntry("ti-konnektor", "CHANGED");
        assertThat(result.entered().changedOns()).containsEntry("ti-konnektor", "2026-11-30");
    }

    private static ConfirmationForm.Result validate(Map<String, String> fields) {
        return ConfirmationForm.validate(fields, CREDENTIALS, TODAY);
    }

    @Test
    void aUrlEncodedBodyGivesItsFieldsTheFirstValueOfEachAndNothingWhenBroken() {
        assertThat(ConfirmationForm.fields("csrf=1795000000.ab-_c&lang=de&acknowledged=yes&name=Dr.+M%C3%BCller"
                        + "+%26+Partner&status%3Ati-konnektor=CHANGED&changedOn%3Ati-konnektor=2026-11-30"))
                .containsExactly(
                        Map.entry("csrf", "1795000000.ab-_c"),
                        Map.entry("lang", "de"),
                        Map.entry("acknowledged", "yes"),
                        Map.entry("name", "Dr. Müller & Partner"),
                        Map.entry("status:ti-konnektor", "CHANGED"),
                        Map.entry("changedOn:ti-konnektor", "2026-11-30"));
        assertThat(ConfirmationForm.fields("name=a;b&name=second&&empty=&bare"))
                .containsExactly(Map.entry("name", "a;b"), Map.entry("empty", ""), Map.entry("bare", ""));
        assertThat(ConfirmationForm.fields("csrf=x&name=%E")).isEmpty();
        assertThat(ConfirmationForm.fields("")).isEmpty();
        assertThat(ConfirmationForm.fields(null)).isEmpty();
        assertThat(ConfirmationForm.fields("f=1&".repeat(5000))).hasSize(1);
        assertThat(ConfirmationForm.fields(java.util.stream.IntStream.range(0, 5000)
                        .mapToObj(i -> "f" + i + "=1")
                        .reduce((a, b) -> a + "&" + b)
                        .orElseThrow()))
                .hasSize(ConfirmationForm.MAX_FIELDS);
    }

    @Test
    void aNameLosesUnicodeControlsLineSeparatorsAndBidiOverrides() {
        // C1 controls (U+0085 is a line break to some readers), U+2028, a no-break space and a right-to-left
        // override (which would show "Erika" reversed in the evidence report) are not part of a name
        assertThat(ConfirmationForm.cleanName("Dr.\u0085Erika\u2028Muster\u00a0mann \u202Eakire\u202C\u0080"))
                .isEqualTo("Dr. Erika Muster mann akire");
    }
}
