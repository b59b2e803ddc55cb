package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Guide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuideHtmlCheckTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<p>Schritt <em>eins</em></p>\n<ol>\n<li>a</li>\n</ol>\n",
                "<p><a rel=\"nofollow\" href=\"https://vendor.example/hilfe\">Hilfe</a></p>\n",
                "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Menü\" /></p>\n",
                "<pre><code class=\"language-text\">x &lt;script&gt;</code></pre>\n"
            })
    void theGuideFormatIsShown(String html) {
        assertThat(GuideHtmlCheck.safe(guide(html))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<p>x</p><script>alert(1)</script>",
                "<p onclick=\"alert(1)\">x</p>",
                "<p><img src=\"https://evil.example/x.png\" alt=\"x\"></p>",
                "<p><img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"x\"></p>",
                "<p><a href=\"javascript:alert(1)\">x</a></p>",
                "<iframe src=\"https://evil.example\"></iframe>",
                "<p style=\"position:fixed\">x</p>",
                "<form action=\"https://evil.example\"><input name=\"password\"></form>"
            })
    void markupOutsideTheFormatIsNotShown(String html) {
        assertThat(GuideHtmlCheck.safe(guide(html))).isFalse();
    }

    private static Guide guide(String html) {
        return new Guide("ti-konnektor", null, Guide.GENERAL, "de", "(markdown)", html, Guide.hash(html));
    }
}
