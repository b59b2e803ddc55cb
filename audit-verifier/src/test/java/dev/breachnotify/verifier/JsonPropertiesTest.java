package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The verifier's JSON reader against any text: a value or an {@link IllegalArgumentException} naming the column,
 * never more lenient than an independent parser (Jackson, strict about duplicates), and what the writer quotes
 * reads back.
 */
class JsonPropertiesTest {

    private static final Pattern COLUMN = Pattern.compile("^JSON at column (\\d+): .+", Pattern.DOTALL);
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Property
    void anyTextIsAValueOrAnErrorNamingItsColumn(@ForAll("jsonish") String text) {
        assertParsesOrNamesColumn(text);
    }

    @Property
    void anyStringAtAllIsAValueOrAnErrorNamingItsColumn(@ForAll String text) {
        assertParsesOrNamesColumn(text);
    }

    @Property
    void whatTheReaderAcceptsAnIndependentParserReadsAsTheSameValue(@ForAll("jsonish") String text) {
        Object ours;
        try {
            ours = Json.parse(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        JsonNode theirs;
        try (JsonParser parser = JACKSON.createParser(text)) {
            theirs = JACKSON.readTree(parser);
            assertThat(parser.nextToken()).as("nothing after the value").isNull();
        } catch (Exception e) {
            throw new AssertionError("accepted " + text + " which Jackson refuses: " + e.getMessage(), e);
        }
        assertThat(ours).as(text).isEqualTo(plain(theirs));
    }

    @Property
    void aWrittenValueReadsBackEqual(@ForAll("values") Object value) {
        assertThat(Json.parse(write(value))).isEqualTo(value);
    }

    @Property
    void quotingByteByByteIsQuotingTheText(@ForAll String text) {
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        String quoted = Json.quote(new StringBuilder(), wellFormed).toString();
        Utf8Buffer bytes = new Utf8Buffer(4);
        Json.quoteUtf8(bytes, wellFormed.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(quoted);
        assertThat(Json.parse(quoted)).isEqualTo(wellFormed);
        assertThat(quoted.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029))
                .as("a quoted string stays on one line, also for JavaScript")
                .isTrue();
    }

    @Property(tries = 100)
    void aBadUnicodeEscapeIsRefused(@ForAll("badHex") String hex) {
        assertThatThrownBy(() -> Json.parse("\"\\u" + hex + "\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column");
    }

    private static void assertParsesOrNamesColumn(String text) {
        try {
            Json.parse(text);
        } catch (IllegalArgumentException e) {
            Matcher matcher = COLUMN.matcher(e.getMessage());
            assertThat(matcher.matches()).as(e.getMessage()).isTrue();
            assertThat(Integer.parseInt(matcher.group(1))).isBetween(1, text.length() + 1);
            assertThat(e.getMessage().chars().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029))
                    .as(
                            "the message, printed to a terminal, carries no control character of the input: %s",
                            e.getMessage())
                    .isTrue();
        }
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.toString();
    }

    private static String write(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((key, field) -> {
                if (out.length() > 1) {
                    out.append(',');
                }
                Json.quote(out, (String) key).append(" : ").append(write(field));
            });
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            List<String> elements = new ArrayList<>();
            list.forEach(element -> elements.add(write(element)));
            return "[ " + String.join(",\n", elements) + "\t]";
        }
        if (value instanceof String text) {
            return Json.quote(new StringBuilder(), text).toString();
        }
        return String.valueOf(value);
    }

    /** Text from JSON's own characters, escapes and a few that it refuses. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"",
                "\"a\"",
                "\"a\":",
                "\\",
                "\\u",
                "\\u00e9",
                "\\u+0e9",
                "\\u-0e9",
                "\\uD83D",
                "\\n",
                "\\x",
                "0",
                "-",
                "1",
                "-0",
                "01",
                "9223372036854775808",
                "1.5",
                "1e3",
                "true",
                "false",
                "null",
                "nul",
                " ",
                "\t",
                "\n",
                "\r",
                "\u00a0",
                "\u0000",
                "\u0661",
                "é",
                "\u2028");
        return tokens.list().ofMaxSize(14).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> badHex() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF+- _xg")
                .ofLength(4)
                .filter(hex -> !hex.matches("[0-9a-fA-F]{4}"));
    }

    @Provide
    Arbitrary<Object> values() {
        return value(4);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)),
                Arbitraries.longs(),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> l);
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), value(depth - 1))
                .ofMaxSize(4)
                .map(m -> new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(1, map));
    }
}
