package dev.breachnotify.notifier.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Guide;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuideCompilerTest {

    private static final List<String> CREDENTIALS = List.of("practice-software", "ti-konnektor");
    private static final Set<String> FIELDS = Set.of("konnektor_model");

    @Test
    void variantsCompileWithTheirFieldAndAHashOfTheirHtml() {
        GuideSource source = new GuideSource(
                "konnektor_model",
                Map.of("de", "Allgemein", "en", "General"),
                Map.of("Secunet", Map.of("de", "Secunet *de*", "en", "Secunet en")));

        GuideCompiler.Compiled compiled =
                GuideCompiler.compile(Map.of("ti-konnektor", source), List.of(), CREDENTIALS, FIELDS);

        assertThat(compiled.messages()).isEmpty();
        assertThat(compiled.guides())
                .extracting(Guide::variant, Guide::language)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("general", "de"),
                        org.assertj.core.groups.Tuple.tuple("general", "en"),
                        org.assertj.core.groups.Tuple.tuple("secunet", "de"),
                        org.assertj.core.groups.Tuple.tuple("secunet", "en"));
        Guide secunet = compiled.guides().get(2);
        assertThat(secunet.html()).isEqualTo("<p>Secunet <em>de</em></p>\n");
        assertThat(secunet.variantField()).isEqualTo("konnektor_model");
        assertThat(secunet.sha256()).isEqualTo(Guide.hash(secunet.html())).hasSize(64);
    }

    @Test
    void everyProblemNamesCredentialLanguageVariantAndLine() {
        GuideSource konnektor = new GuideSource(
                "konnektor_model",
                Map.of("de", "Gut", "en", "Fine"),
                Map.of("kocobox", Map.of("de", "Schritt 1\n\n<script>x</script>", "en", "![x](nope.png)")));
        GuideSource unknownField = new GuideSource("pvs_version", Map.of("de", "a", "en", "b"), Map.of());

        GuideCompiler.Compiled compiled = GuideCompiler.compile(
                Map.of("ti-konnektor", konnektor, "practice-software", unknownField, "vpn", konnektor),
                List.of(new GuideImage("evil.png", "image/png", "PHN2Zz48L3N2Zz4=")),
                CREDENTIALS,
                FIELDS);

        assertThat(compiled.messages())
                .contains(
                        "images.evil.png: not a PNG or JPEG image",
                        "guides.practice-software (variant general): unknown variantField 'pvs_version'; the directory"
                                + " has [konnektor_model]",
                        "guides.ti-konnektor.de (variant kocobox), line 3: raw HTML is not allowed (<script>x</script>)",
                        "guides.ti-konnektor.en (variant kocobox), line 1: broken image reference 'nope.png': no image of"
                                + " that name was uploaded",
                        "guides.vpn (variant general): the advisory has no credential 'vpn' (credentials:"
                                + " [practice-software, ti-konnektor])");
    }

    @Test
    void aGuideNeedsBothLanguages() {
        GuideCompiler.Compiled compiled = GuideCompiler.compile(
                Map.of("ti-konnektor", new GuideSource(null, Map.of("de", "Nur Deutsch"), Map.of())),
                List.of(),
                CREDENTIALS,
                FIELDS);

        assertThat(compiled.messages())
                .containsExactly("guides.ti-konnektor.en (variant general): is missing (every guide needs German and "
                        + "English)");
    }
}
