package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesWhatJsonRequiresAndTheLineSeparators() {
        assertThat(Json.quote(new StringBuilder(), "{\"a\":\"b\\\\c\"}\n\t\u0001\u2028é")
                        .toString())
                .isEqualTo("\"{\\\"a\\\":\\\"b\\\\\\\\c\\\"}\\n\\t\\u0001\\u2028é\"");
        assertThat(Json.quote(new StringBuilder("x"), "").toString()).isEqualTo("x\"\"");
    }

    @Test
    void aQuotedStringReadsBackUnchanged() {
        Random random = new Random(42);
        char[] alphabet = "ab\"\\\n\r\t\b\f\u0000\u001f /é€\u2028\u2029\u2027\u20ac\u2080{}:,".toCharArray();
        for (int round = 0; round < 2_000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String quoted = Json.quote(new StringBuilder(), value.toString()).toString();
            assertThat(Json.parse(quoted)).as(quoted).isEqualTo(value.toString());
            Utf8Buffer bytes = new Utf8Buffer(8);
            Json.quoteUtf8(bytes, value.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
                    .as("byte by byte")
                    .isEqualTo(quoted);
        }
    }

    @Test
    void readsIntegersAndRefusesEveryOtherNumber() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("[7,-12,1000000]")).isEqualTo(java.util.List.of(7L, -12L, 1_000_000L));
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        for (String bad : new String[] {
            "01", "-01", "00", "-", "--1", "1.5", "1e3", "-1E3", "9223372036854775808", "12345678901234567890", "\u0661"
        }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse(bad))
                    .as(bad)
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void aUnicodeEscapeIsFourHexDigitsWithoutASign() {
        assertThat(Json.parse("\"\\u00e9\\u00C9\"")).isEqualTo("éÉ");
        for (String bad :
                new String[] {"\"\\u+041\"", "\"\\u-041\"", "\"\\u 041\"", "\"\\u\uFF10041\"", "\"\\u004\""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\\u escape");
        }
    }

    @Test
    void anErrorShowsAnUnprintableCharacterByItsCodeNotItself() {
        // the verifier prints errors to a terminal: an export must not send it escape sequences
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("\u001b[2J"))
                .hasMessage("JSON at column 1: unexpected character U+001B");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("\"\\\u2028\""))
                .hasMessage("JSON at column 4: bad escape \\U+2028");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("x"))
                .hasMessage("JSON at column 1: unexpected character 'x'");
    }

    @Test
    void nestingIsLimitedTo16LevelsAndSiblingsDoNotAddUp() {
        assertThat(Json.parse("[".repeat(16) + "]".repeat(16))).isNotNull();
        assertThat(Json.parse("{\"a\":".repeat(15) + "{}" + "}".repeat(15))).isNotNull();
        for (String deep :
                new String[] {"[".repeat(17) + "]".repeat(17), "{\"a\":".repeat(16) + "{}" + "}".repeat(16)}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse(deep))
                    .hasMessageEndingWith("nested too deep");
        }
        String siblings = "[" + String.join(",", java.util.Collections.nCopies(40, "[[],{},[1],{\"a\":{}}]")) + "]";
        assertThat((java.util.List<?>) Json.parse(siblings)).hasSize(40);
    }

    @Test
    void whiteSpaceMayStandBetweenAnyTwoTokens() {
        java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("a", 1L);
        expected.put("b", java.util.List.of(true, java.util.Map.of()));
        expected.put("c", null);

        assertThat(Json.parse(" \t{ \"a\" : 1 ,\r\n\"b\" : [ true , { } ] , \"c\":null } \n"))
                .isEqualTo(expected);
        assertThat(Json.parse("{\"a\":1,\"b\":[true,{}],\"c\":null}")).isEqualTo(expected);
    }

    @Test
    void badNumbersAndShortEscapesAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("-"))
                .hasMessage("JSON at column 2: bad number -");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("01"))
                .hasMessage("JSON at column 3: bad number 01");
        // Long.parseLong would read the Arabic-Indic digit one as 1
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("1\u0661"))
                .hasMessageStartingWith("JSON at column 3: bad number 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("\"\\u0041"))
                .hasMessage("JSON at column 8: unterminated string");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("\"\\u004"))
                .hasMessage("JSON at column 4: short \\u escape");
    }
}
