package dev.breachnotify.notifier.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuideMarkdownTest {

    private static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static final Map<String, String> IMAGES =
            Map.of("menu.png", "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            script block              | Intro\\n\\n<script>alert(1)</script>                      | 3 | raw HTML is not allowed
            inline handler            | Text <img src=x onerror=alert(1)> more                   | 1 | raw HTML is not allowed
            inline span with style    | Line one\\nLine <span style="x">two</span>              | 2 | raw HTML is not allowed
            html comment              | a\\n\\n<!-- hidden -->                                   | 3 | raw HTML is not allowed
            iframe                    | <iframe src="https://evil.example"></iframe>             | 1 | raw HTML is not allowed
            javascript link           | [click](javascript:alert(1))                             | 1 | a guide links only to https:
            entity-encoded javascript | [click](jav&#x61;script:alert(1))                        | 1 | a guide links only to https:
            autolink javascript       | see <javascript:alert(1)>                                | 1 | a guide links only to https:
            plain http link           | [vendor](http://vendor.example)                          | 1 | a guide links only to https:
            relative link             | [here](/admin)                                           | 1 | a guide links only to https:
            data link                 | [x](data:text/html;base64,PHNjcmlwdD4=)                  | 1 | a guide links only to https:
            remote image              | Step\\n\\n![logo](https://evil.example/x.png)            | 3 | remote image
            protocol-relative image   | ![logo](//evil.example/x.png)                            | 1 | remote image
            data image                | ![x](data:image/svg+xml;base64,PHN2Zz4=)                 | 1 | remote image
            missing image             | 1. one\\n2. two\\n\\n   ![x](missing.png)                | 4 | broken image reference 'missing.png'
            reference-style remote    | ![x][r]\\n\\n[r]: https://evil.example/t.png             | 1 | remote image
            """)
    void hostileMarkdownIsRefusedWithItsLineAndReason(String name, String markdown, int line, String reason) {
        GuideMarkdown.Rendered rendered = GuideMarkdown.render(markdown.replace("\\n", "\n"), IMAGES);

        assertThat(rendered.valid()).as(name).isFalse();
        assertThat(rendered.html()).isNull();
        assertThat(rendered.problems()).as(name).anySatisfy(problem -> {
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.reason()).contains(reason);
        });
    }

    @Test
    void theAllowedFormatRendersAndPassesAnIndependentAllowListCheck() {
        String markdown = """
                ## Konnektor-Passwort ändern

                1. Öffnen Sie die **Verwaltungsoberfläche** (`https://konnektor.local`).
                2. Wählen Sie *Benutzer*.

                ![Menü Benutzer](menu.png)

                > Ein Hinweis mit `<script>` als Text & einem [Link](https://vendor.example/hilfe).

                Fragen: [0800 000 0000](tel:08000000000)
                """;

        GuideMarkdown.Rendered rendered = GuideMarkdown.render(markdown, IMAGES);

        assertThat(rendered.problems()).isEmpty();
        Document page = Jsoup.parseBodyFragment(rendered.html());
        assertThat(page.select("script, iframe, style, [onerror], [onclick], [style]"))
                .isEmpty();
        assertThat(page.text()).contains("<script> als Text");
        Element image = page.selectFirst("img");
        assertThat(image.attr("src")).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(image.attr("src").substring("data:image/png;base64,".length())))
                .isEqualTo(PNG);
        assertThat(image.attr("alt")).isEqualTo("Menü Benutzer");
        assertThat(page.select("a").eachAttr("href"))
                .containsExactly("https://vendor.example/hilfe", "tel:08000000000");
        assertThat(page.select("ol > li")).hasSize(2);
        assertThat(page.select("h2").text()).isEqualTo("Konnektor-Passwort ändern");
    }

    @Test
    void textThatLooksLikeMarkupInCodeIsEscapedNotRefused() {
        GuideMarkdown.Rendered rendered = GuideMarkdown.render("Type `<b onclick=x>` literally.\n", Map.of());

        assertThat(rendered.problems()).isEmpty();
        assertThat(rendered.html()).contains("&lt;b onclick=x&gt;").doesNotContain("<b ");
    }
}
