package dev.breachnotify.platform.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = Messages.load("i18n.sample", getClass().getClassLoader(), "de", "en");

    @Test
    void readsUtf8TextsPerLanguageAndFallsBackToTheFirstLanguage() {
        assertThat(messages.text("de", "greeting")).isEqualTo("Guten Tag");
        assertThat(messages.text("en", "greeting")).isEqualTo("Hello");
        assertThat(messages.text("fr", "greeting")).isEqualTo("Guten Tag");
        assertThat(messages.format("de", "apostrophe", "ü"))
                .isEqualTo("Der Code enthält ein Zeichen, das in Codes nicht vorkommt: 'ü'.");
    }

    @Test
    void fillsInValuesWithoutGroupingNumbersAsText() {
        assertThat(messages.format("en", "count", "12", "13")).isEqualTo("A code has 12 characters; you entered 13.");
    }

    @Test
    void refusesLanguagesWithDifferentKeysAndNamesThem() {
        assertThatThrownBy(() -> Messages.load("i18n.uneven", getClass().getClassLoader(), "de", "en"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing [b]")
                .hasMessageContaining("extra [c]");
    }

    @Test
    void namesAMissingFileAndAMissingKey() {
        assertThatThrownBy(() -> Messages.load("i18n.none", getClass().getClassLoader(), "de"))
                .hasMessageContaining("i18n.none_de.properties");
        assertThatThrownBy(() -> messages.text("de", "nope")).hasMessageContaining("'nope'");
    }
}
