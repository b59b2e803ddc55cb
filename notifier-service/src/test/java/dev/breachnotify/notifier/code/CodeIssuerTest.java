package dev.breachnotify.notifier.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AckCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CodeIssuerTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final CodeIssuer codes = new CodeIssuer(KEY);

    @Test
    void everyKindOfCodeIsTheHmacThatAnIndependentImplementationDerives() {
        List<PythonCodes.Derived> expected = PythonCodes.derive(
                KEY,
                List.of(
                        PythonCodes.general("ADV-1", "P-1"),
                        PythonCodes.contact("ADV-1", "P-1", "c-1"),
                        PythonCodes.contact("ADV-1", "P-1", "Müller"),
                        PythonCodes.partner("ADV-1", "itp-nord")));
        List<AckCode> actual = List.of(
                codes.codeFor("ADV-1", "P-1"),
                codes.codeFor("ADV-1", "P-1", "c-1"),
                codes.codeFor("ADV-1", "P-1", "Müller"),
                codes.partnerCodeFor("ADV-1", "itp-nord"));
        assertThat(actual.stream().map(AckCode::formatted))
                .containsExactlyElementsOf(
                        expected.stream().map(PythonCodes.Derived::formatted).toList());
        assertThat(actual.stream().map(AckCode::hash))
                .containsExactlyElementsOf(
                        expected.stream().map(PythonCodes.Derived::hash).toList());
    }

    @Test
    void codesDifferPerContactPartnerAndKind() {
        List<String> all = Stream.of(
                        codes.codeFor("ADV-1", "P-1"),
                        codes.codeFor("ADV-1", "P-1", "c-1"),
                        codes.codeFor("ADV-1", "P-1", "c-2"),
                        codes.codeFor("ADV-1", "P-2", "c-1"),
                        codes.codeFor("ADV-2", "P-1", "c-1"),
                        codes.partnerCodeFor("ADV-1", "P-1"),
                        codes.partnerCodeFor("ADV-1", "itp-1"),
                        codes.partnerCodeFor("ADV-2", "itp-1"))
                .map(AckCode::formatted)
                .toList();
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void aContactlessCodeIsThePracticesGeneralCode() {
        assertThat(codes.codeFor("ADV-1", "P-1", null).formatted())
                .isEqualTo(codes.codeFor("ADV-1", "P-1").formatted());
    }

    @Test
    void partnerLinksGoToTheirOwnPage() {
        AckLinks links = new AckLinks("https://ack.example/");
        assertThat(links.partnerLinkFor("ABCD")).isEqualTo("https://ack.example/p/ABCD");
        assertThat(links.linkFor("ABCD")).isEqualTo("https://ack.example/a/ABCD");
    }
}
