package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {

    private static final Map<String, String> VALUES = MessageTemplate.values(
            EventCodecTest.advisory(),
            "P-1",
            "Praxis <b>Weber</b> & Co",
            null,
            "de",
            "https://ack.example/a/X\"Y",
            "ABCD-EFGH-JKMN-PQRS-T");

    @Test
    void plainTextGetsTheValuesAsTheyAre() {
        String text = MessageTemplate.renderText(
                "Hallo {{practice.contact}} ({{ practice.id }}), bis {{deadline}}:\n" + "{{credentials}}", VALUES);

        assertThat(text).isEqualTo("Hallo Praxis <b>Weber</b> & Co (P-1), bis 1. Dezember 2026:\n- TI-Konnektor");
    }

    @Test
    void htmlEscapesTheTemplateAndEveryValueAndMakesParagraphs() {
        String html = MessageTemplate.renderHtml("<script>x</script> {{practice.name}}\n\nLink: {{link}}", VALUES);

        assertThat(html)
                .isEqualTo(
                        "<p>&lt;script&gt;x&lt;/script&gt; Praxis &lt;b&gt;Weber&lt;/b&gt; &amp; Co</p>\n"
                                + "<p>Link: <a href=\"https://ack.example/a/X&quot;Y\">https://ack.example/a/X&quot;Y</a></p>\n");
    }

    @Test
    void unknownPlaceholdersAreNamedOnce() {
        assertThat(MessageTemplate.unknownPlaceholders("{{name}} {{practice.name}} {{name}} {{passwort}}"))
                .containsExactly("name", "passwort");
    }
}
