package dev.breachnotify.audit.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form of an event, the exact text whose hash is the audit log's leaf hash. It is the JSON
 * Canonicalization Scheme, <a href="https://www.rfc-editor.org/rfc/rfc8785">RFC 8785</a>, applied to the record's
 * value as it was on the wire (unknown fields kept, nothing upcast), with one deliberate strictness:
 * <b>no value may change</b> on the way to the canonical form, so input that RFC 8785 would silently alter is
 * refused ({@link NotCanonicalException}) and the record goes to {@code audit_rejects} with its raw bytes.
 *
 * <p>The form, exactly:
 * <ul>
 *   <li><b>Whitespace</b>: none between tokens.</li>
 *   <li><b>Objects</b>: members sorted by name, comparing the names as sequences of UTF-16 code units
 *       ({@link String#compareTo}); written {@code {"a":1,"b":2}}. Duplicate names are refused.</li>
 *   <li><b>Arrays</b>: order kept; written {@code [1,2]}.</li>
 *   <li><b>Literals</b>: {@code true}, {@code false}, {@code null}.</li>
 *   <li><b>Strings</b>: in double quotes; {@code "} and {@code \} escaped as {@code \"} and {@code \\};
 *       U+0008, U+0009, U+000A, U+000C, U+000D as {@code \b \t \n \f \r}; every other code point below U+0020 as
 *       {@code \}{@code u00xx} with lower-case hex; everything else, including non-ASCII, {@code /}, U+2028 and
 *       U+2029, literally. A lone surrogate is refused.</li>
 *   <li><b>Numbers</b>: as an IEEE 754 double written the way ECMAScript's {@code Number.prototype.toString}
 *       writes it (RFC 8785 section 3.2.2.3): the shortest decimal that reads back as the same double; {@code -0}
 *       as {@code 0}; plain notation for magnitudes in [10<sup>-6</sup>, 10<sup>21</sup>) ({@code 4.5},
 *       {@code 0.002}, {@code 100}), otherwise exponent notation with an explicit sign ({@code 1e+21},
 *       {@code 1e-7}, {@code 1.5e+300}). A number whose value is not exactly the value of that output (more
 *       precision than a double holds, as in {@code 9007199254740993} or {@code 0.1000000000000000000001}) or
 *       that overflows a double is refused: I-JSON (RFC 7493), which RFC 8785 presumes, does not allow it.</li>
 *   <li><b>Encoding</b>: the canonical text is hashed and exported as UTF-8.</li>
 * </ul>
 * Input must be one JSON text in UTF-8 with nothing after it.
 *
 * <p>Consequently, for input within I-JSON the output is byte-identical to RFC 8785, so any JCS implementation
 * can recompute a leaf from an event; and the canonical text always denotes the same JSON value as the record.
 */
public final class CanonicalJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private CanonicalJson() {}

    /** Parses one JSON text strictly (duplicate names and trailing content refused), keeping numbers exact. */
    public static JsonNode parse(byte[] json) {
        try {
            JsonNode node = STRICT.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new NotCanonicalException("not JSON: empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NotCanonicalException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new NotCanonicalException("not JSON: " + e.getMessage(), e);
        }
    }

    /** The canonical form of a JSON text. */
    public static String canonicalize(byte[] json) {
        return write(parse(json));
    }

    /** The canonical form of a parsed JSON value; see {@link #parse(byte[])} for keeping numbers exact. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(number(node.decimalValue()));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new NotCanonicalException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(Map.Entry.comparingByKey()); // String order is UTF-16 code unit order, as RFC 8785 wants
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(members.get(i).getKey(), out);
            out.append(':');
            write(members.get(i).getValue(), out);
        }
        out.append('}');
    }

    static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                            throw new NotCanonicalException("string contains a lone surrogate");
                        }
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new NotCanonicalException("string contains a lone surrogate");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A number in canonical form, refusing one whose value the form would change. */
    static String number(BigDecimal exact) {
        double value = exact.doubleValue();
        if (Double.isInfinite(value)) {
            throw new NotCanonicalException("number out of the range of an IEEE 754 double");
        }
        String canonical = number(value);
        if (new BigDecimal(canonical).compareTo(exact) != 0) {
            throw new NotCanonicalException("number has more precision than an IEEE 754 double");
        }
        return canonical;
    }

    /** A double as ECMAScript's {@code Number.prototype.toString} writes it (ECMA-262, Number::toString). */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new NotCanonicalException("NaN and Infinity are not JSON");
        }
        if (value == 0) {
            return "0"; // also -0
        }
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        BigDecimal shortest = shortestRoundTrip(value);
        String digits = shortest.unscaledValue().toString(); // k significant digits, no trailing zeros
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits × 10^n
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code value} (positive, finite), the
     * closest to it if several have that many digits. Java 17's {@link Double#toString} is not always shortest.
     */
    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == value;
            boolean upOk = up.doubleValue() == value;
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                if (cmp == 0) {
                    return down.unscaledValue().testBit(0) ? up.stripTrailingZeros() : down.stripTrailingZeros();
                }
                return (cmp < 0 ? down : up).stripTrailingZeros();
            }
            if (downOk) {
                return down.stripTrailingZeros();
            }
            if (upOk) {
                return up.stripTrailingZeros();
            }
        }
        return exact.round(MathContext.DECIMAL64).stripTrailingZeros(); // not reached: 17 digits always round-trip
    }

    /** The input is not JSON, or has a value the canonical form cannot carry unchanged. */
    public static final class NotCanonicalException extends IllegalArgumentException {
        public NotCanonicalException(String message) {
            super(message);
        }

        public NotCanonicalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
