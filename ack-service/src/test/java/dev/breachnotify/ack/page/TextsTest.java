package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AckCode;
import org.junit.jupiter.api.Test;

class TextsTest {

    private static final String VALID =
            AckCode.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).formatted();

    @Test
    void everyProblemOfACodeIsTranslatedToGerman() {
        String mistyped =
                VALID.substring(0, VALID.length() - 1) + (VALID.charAt(VALID.length() - 1) == '0' ? '1' : '0');

        for (String typed : new String[] {"", "ABCU", "ABC", mistyped}) {
            String english = AckCode.check(typed).problem();
            String german = Texts.codeProblem("de", english);

            assertThat(german).as(typed).isNotEqualTo(english);
            assertThat(Texts.codeProblem("en", english)).isEqualTo(english);
        }
        assertThat(Texts.codeProblem("de", AckCode.check(mistyped).problem())).contains("Tippfehler");
    }

    @Test
    void bothLanguagesHaveTheSameTexts() {
        assertThat(Texts.of("en").keySet()).isEqualTo(Texts.of("de").keySet());
    }

    @Test
    void onlyGermanAndEnglishAreOffered() {
        assertThat(Texts.language("EN")).isEqualTo("en");
        assertThat(Texts.language("fr")).isEqualTo("de");
        assertThat(Texts.language(null)).isEqualTo("de");
    }
}
