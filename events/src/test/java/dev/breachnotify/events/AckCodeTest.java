package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckCodeTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aFormattedCodeParsesBackToTheSameCode() {
        for (int i = 0; i < 1_000; i++) {
            AckCode code = randomCode();
            assertThat(AckCode.parse(code.formatted())).contains(code);
            assertThat(code.formatted()).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]");
        }
    }

    @Test
    void typingIsForgivingAboutCaseSeparatorsAndConfusableLetters() {
        AckCode code = AckCode.fromBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        String formatted = code.formatted();
        String sloppy =
                formatted.toLowerCase().replace("-", " ").replace('0', 'o').replace('1', 'l');

        assertThat(AckCode.parse(sloppy)).contains(code);
        assertThat(AckCode.parse(formatted.replace("-", ""))).contains(code);
    }

    @Test
    void everySingleCharacterTypoIsRejectedByTheCheckCharacter() {
        AckCode code = randomCode();
        String plain = code.formatted().replace("-", "");
        for (int position = 0; position < plain.length(); position++) {
            for (char replacement : AckCode.ALPHABET.toCharArray()) {
                if (replacement == plain.charAt(position)) {
                    continue;
                }
                String typo = plain.substring(0, position) + replacement + plain.substring(position + 1);
                assertThat(AckCode.check(typo).valid()).as(typo).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ABCD", "ABCD-EFGH-JKMN-PQRS-TU", "ABCD-EFGH-JKMN-PQRS-!"})
    void badInputGetsAMessageForThePersonWhoTypedIt(String typed) {
        AckCode.ParseResult result = AckCode.check(typed);

        assertThat(result.valid()).isFalse();
        assertThat(result.problem()).isNotBlank();
    }

    @Test
    void theCodeNeverShowsInToStringAndTheHashIsStable() {
        AckCode code = randomCode();

        assertThat(code.toString()).doesNotContain(code.formatted().substring(0, 4));
        assertThat(code.hash())
                .hasSize(64)
                .isEqualTo(AckCode.parse(code.formatted()).orElseThrow().hash());
    }

    private AckCode randomCode() {
        byte[] bits = new byte[10];
        random.nextBytes(bits);
        return AckCode.fromBytes(bits);
    }
}
