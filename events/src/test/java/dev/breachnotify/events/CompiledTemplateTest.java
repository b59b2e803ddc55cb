package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A compiled template renders exactly what {@link MessageTemplate} renders from the same source. */
class CompiledTemplateTest {

    private static final Map<String, String> VALUES = Map.of(
            MessageTemplate.PRACTICE_NAME, "Praxis Dr. <Müller> & \"Partner\"",
            MessageTemplate.PRACTICE_CONTACT, "Frau Dr. Müller",
            MessageTemplate.PRACTICE_ID, "P-00001",
            MessageTemplate.DEADLINE, "31. Dezember 2026",
            MessageTemplate.LINK, "https://ack.example/a/ABCD-EFGH?x=1&y='2'",
            MessageTemplate.CODE, "ABCD-EFGH-JKMN-PQRS-T",
            MessageTemplate.CREDENTIALS, "- Praxissoftware\n- WLAN\r\n- Router");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "no placeholders at all",
                "Hallo {{practice.name}},\n\n{{credentials}}\n\nBis {{ deadline }}: {{link}}",
                "{{code}}{{code}} back to back, {{unknown.thing}} unknown, {{ practice.contact }}",
                "  leading and trailing blanks  \n\n\n  several blank lines  \r\n\r\n  CRLF paragraphs \r\n line",
                "{{ not closed, {single} braces }, <tags> & 'quotes' \"double\"",
                "line one\nline two\rline three\u2028line four\n \t \nnext paragraph {{practice.id}}",
                "{{link}}\n{{practice.name}}"
            })
    void rendersWhatTheTemplateRenders(String template) {
        CompiledTemplate compiled = CompiledTemplate.of(template);
        assertThat(compiled.renderText(VALUES)).isEqualTo(MessageTemplate.renderText(template, VALUES));
        assertThat(compiled.renderHtml(VALUES)).isEqualTo(MessageTemplate.renderHtml(template, VALUES));
    }
}
