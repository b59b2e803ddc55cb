package dev.breachnotify.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    private static String canonical(String json) {
        return CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sortsMembersAtEveryDepthAndDropsWhitespace() {
        String json = """
                { "payload" : { "z" : [ 3, { "y" : 2, "x" : 1 } ], "a" : null },
                  "eventId" : "e", "type" : "t", "flags" : [ true, false ] }
                """;

        assertThat(canonical(json))
                .isEqualTo(
                        "{\"eventId\":\"e\",\"flags\":[true,false],\"payload\":{\"a\":null,\"z\":[3,{\"x\":1,\"y\":2}]},\"type\":\"t\"}");
    }

    @Test
    void keepsArrayOrderAndEmptyContainers() {
        assertThat(canonical("[ \"b\", \"a\", {}, [] ]")).isEqualTo("[\"b\",\"a\",{},[]]");
    }

    @Test
    void sortsNamesByUtf16CodeUnitsAsRfc8785Section323() {
        String json = """
                {"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                 "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",
                 "\\u00f6": "Latin Small Letter O With Diaeresis"}
                """;

        assertThat(canonical(json))
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                        + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void writesNonAsciiLiterallyAndEscapesOnlyQuotesBackslashesAndControls() {
        String json = "{\"name\":\"Praxis Dr. M\\u00fcller \u2013 Zahn\u00e4rzte \\ud83e\\uddb7\","
                + "\"odd\":\"a\\/b \\\"q\\\" \\\\ \\b\\f\\n\\r\\t \\u0001\\u001F \u2028\u2029\"}";

        assertThat(canonical(json))
                .isEqualTo("{\"name\":\"Praxis Dr. Müller – Zahnärzte \uD83E\uDDB7\","
                        + "\"odd\":\"a/b \\\"q\\\" \\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \u2028\u2029\"}");
    }

    @Test
    void canonicalTextIsUtf8() {
        String canonical = canonical("{\"x\":\"\\u00e4\"}");

        assertThat(canonical.getBytes(StandardCharsets.UTF_8))
                .containsExactly('{', '"', 'x', '"', ':', '"', 0xC3, 0xA4, '"', '}');
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // the IEEE 754 test values of RFC 8785 appendix B
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2"
    })
    void writesDoublesAsEcmaScriptDoes(String ieee754, String expected) {
        double value = ByteBuffer.wrap(HexFormat.of().parseHex(ieee754)).getDouble();

        assertThat(CanonicalJson.number(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0",
        "-0, 0",
        "-0.0, 0",
        "1, 1",
        "1.0, 1",
        "4.50, 4.5",
        "2e-3, 0.002",
        "1E30, 1e+30",
        "0.000000000000000000000000001, 1e-27",
        "100, 100",
        "1e2, 100",
        "-17, -17",
        "0.1, 0.1",
        "123456789, 123456789",
        "9007199254740992, 9007199254740992",
        "1e-7, 1e-7",
        "0.000001, 0.000001",
        "100000000000000000000, 100000000000000000000",
        "1e21, 1e+21"
    })
    void writesJsonNumbersInTheirShortestForm(String number, String expected) {
        assertThat(canonical("[" + number + "]")).isEqualTo("[" + expected + "]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[9007199254740993]", // 2^53 + 1: a double cannot hold it
                "[0.1000000000000000000001]",
                "[333333333.33333329]", // RFC 8785 would write 333333333.3333333: a changed value
                "[1e400]",
                "[-1e400]"
            })
    void refusesNumbersThatWouldChangeValue(String json) {
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOf(CanonicalJson.NotCanonicalException.class)
                .hasMessageContaining("IEEE 754 double");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1,\"a\":2}", // ambiguous: readers disagree on which one counts
                "{\"a\":{\"b\":1,\"b\":1}}",
                "{} {}",
                "{\"a\":1} x",
                "{\"a\":",
                "",
                "not json"
            })
    void refusesWhatIsNotExactlyOneJsonText(String json) {
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOf(CanonicalJson.NotCanonicalException.class)
                .hasMessageStartingWith("not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"\\ud800\"]", "[\"\\udc00x\"]", "{\"\\ud83dx\":1}"})
    void refusesLoneSurrogates(String json) {
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOf(CanonicalJson.NotCanonicalException.class)
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void isIdempotent() {
        String once = canonical("{\"b\":[1.50,\"\\u00e4\\n\"],\"a\":{\"d\":1e3,\"c\":true}}");

        assertThat(canonical(once)).isEqualTo(once);
    }
}
