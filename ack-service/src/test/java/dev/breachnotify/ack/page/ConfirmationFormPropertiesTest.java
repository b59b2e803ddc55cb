package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Credential;
import dev.breachnotify.events.RotationStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The acknowledgement form's decoder and validation against any body a browser (or a script) can post: no
 * exception, a submission or named problems, a recorded name that is one clean line, and fields encoded by an
 * independent encoder ({@link URLEncoder}) decode back as encoded.
 */
class ConfirmationFormPropertiesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private static final List<Credential> CREDENTIALS = List.of(
            new Credential("ti-konnektor", Map.of("de", "TI-Konnektor")),
            new Credential("praxis-admin", Map.of("de", "Admin-Passwort")));

    @Property
    void anyBodyDecodesToAtMostTheFieldLimitWithoutAnException(@ForAll("bodies") String body) {
        Map<String, String> fields = ConfirmationForm.fields(body);

        assertThat(fields.size()).isLessThanOrEqualTo(ConfirmationForm.MAX_FIELDS);
        assertThat(fields.values()).doesNotContainNull();
    }

    @Property
    void anyStringAtAllDecodesWithoutAnException(@ForAll String body) {
        assertThat(ConfirmationForm.fields(body).size()).isLessThanOrEqualTo(ConfirmationForm.MAX_FIELDS);
    }

    @Property
    void fieldsEncodedByAnIndependentEncoderDecodeAsEncoded(@ForAll("forms") Map<String, String> form) {
        List<String> pairs = new ArrayList<>();
        form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));

        assertThat(ConfirmationForm.fields(String.join("&", pairs))).containsExactlyEntriesOf(form);
    }

    @Property
    void anyFieldsGiveASubmissionOrNamedProblemsAndARecordedNameIsOneCleanLine(
            @ForAll("formFields") Map<String, String> fields) {
        ConfirmationForm.Result result = ConfirmationForm.validate(fields, CREDENTIALS, TODAY);

        assertThat(result.valid()).isEqualTo(result.problems().isEmpty());
        if (result.valid()) {
            ConfirmationForm.Submission submission = result.submission();
            assertThat(submission.acknowledged() || !submission.answers().isEmpty())
                    .isTrue();
            assertCleanLine(submission.confirmedBy());
            assertThat(submission
                            .confirmedBy()
                            .codePointCount(0, submission.confirmedBy().length()))
                    .isBetween(1, ConfirmationForm.MAX_NAME);
            for (ConfirmationForm.Answer answer : submission.answers()) {
                assertThat(CREDENTIALS).extracting(Credential::id).contains(answer.credentialId());
                assertThat(answer.changedOn() != null).isEqualTo(answer.status() == RotationStatus.CHANGED);
                if (answer.changedOn() != null) {
                    assertThat(answer.changedOn()).isBeforeOrEqualTo(TODAY);
                }
            }
        } else {
            assertThat(result.problems()).doesNotHaveDuplicates();
        }
    }

    @Property
    void aCleanedNameIsOneLineWithoutControlCharacters(@ForAll String name) {
        assertCleanLine(ConfirmationForm.cleanName(name));
    }

    private static void assertCleanLine(String name) {
        assertThat(name).isEqualTo(name.strip());
        name.codePoints().forEach(c -> {
            assertThat(Character.getType(c))
                    .as("U+%04X", c)
                    .isNotIn((int) Character.CONTROL, (int) Character.LINE_SEPARATOR, (int)
                            Character.PARAGRAPH_SEPARATOR);
            assertThat(c == ' ' || !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                    .as("U+%04X is white space other than a space", c)
                    .isTrue();
        });
        assertThat(name).doesNotContain("  ").doesNotContainPattern("[\u202A-\u202E\u2066-\u2069]");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Bodies from the form's own characters, escapes (good and broken) and field names. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "name",
                        "acknowledged",
                        "status:ti-konnektor",
                        "changedOn:ti-konnektor",
                        "csrf",
                        "=",
                        "&",
                        ";",
                        "+",
                        "%",
                        "%2",
                        "%25",
                        "%C3%BC",
                        "%C3",
                        "%FF",
                        "%E2%80%A8",
                        "%00",
                        "%0A",
                        "yes",
                        "on",
                        "CHANGED",
                        "2026-11-20",
                        "é",
                        " "),
                Arbitraries.strings().ofMaxLength(3));
        return tokens.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<Map<String, String>> forms() {
        Arbitrary<String> text = Arbitraries.strings()
                .ofMaxLength(20)
                .map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        return Arbitraries.maps(text.filter(s -> !s.isEmpty()), text)
                .ofMaxSize(8)
                .map(LinkedHashMap::new);
    }

    /** Fields as the page posts them, with any values, unknown credentials and names of any characters. */
    @Provide
    Arbitrary<Map<String, String>> formFields() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of(
                        ConfirmationForm.ACKNOWLEDGED,
                        ConfirmationForm.NAME,
                        "status:ti-konnektor",
                        "status:praxis-admin",
                        "changedOn:ti-konnektor",
                        "changedOn:praxis-admin",
                        "status:vpn",
                        "changedOn:",
                        "status:",
                        "csrf"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "yes",
                        "on",
                        "no",
                        "",
                        " ",
                        "CHANGED",
                        "CHANGED_BY_PROVIDER",
                        "NOT_APPLICABLE",
                        "changed",
                        "2026-11-24",
                        "2026-11-25",
                        "2026-02-30",
                        "+999999999-12-31",
                        "-000001-01-01",
                        "24.11.2026",
                        "Dr.\u0085Erika\u2028Muster\u00a0mann",
                        " \t\u000b\u001cE\u007f\u009f ",
                        "x".repeat(201)),
                Arbitraries.strings().ofMaxLength(30));
        return Arbitraries.maps(key, value).ofMaxSize(10).map(LinkedHashMap::new);
    }
}
