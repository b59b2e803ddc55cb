package dev.breachnotify.verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and string writer for the export format, so that the verifier needs the JDK alone.
 * It reads one value per call into {@link Map} (keys in order, no duplicates), {@link List}, {@link String},
 * {@link Long} (integers only: the format has no other numbers), {@link Boolean} and {@code null}, and refuses
 * anything else, including trailing text and nesting deeper than {@value #MAX_DEPTH}.
 */
public final class Json {

    static final int MAX_DEPTH = 16;

    private final String text;
    private int at;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value that spans the whole text. */
    public static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.whitespace();
        if (json.at != text.length()) {
            throw json.error("unexpected text after the value");
        }
        return value;
    }

    /** Appends a JSON string literal. */
    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        int run = 0; // start of the characters not yet appended, which need no escape
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            out.append(value, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(value, run, value.length()).append('"');
    }

    /**
     * Appends a JSON string literal of UTF-8 text, byte by byte, escaping exactly what {@link #quote} escapes (a
     * multi-byte sequence holds no byte below 0x80, so only U+2028 and U+2029 need looking at in sequence).
     */
    static void quoteUtf8(Utf8Buffer out, byte[] utf8) {
        out.write('"');
        int run = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            String escape;
            int length = 1;
            if (b >= 0x20 && b != '"' && b != '\\' && b != 0xe2) {
                continue;
            } else if (b == 0xe2) {
                if (i + 2 >= utf8.length
                        || (utf8[i + 1] & 0xff) != 0x80
                        || ((utf8[i + 2] & 0xff) != 0xa8 && (utf8[i + 2] & 0xff) != 0xa9)) {
                    continue;
                }
                escape = (utf8[i + 2] & 0xff) == 0xa8 ? "\\u2028" : "\\u2029";
                length = 3;
            } else {
                escape = switch (b) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> String.format("\\u%04x", b);
                };
            }
            out.write(utf8, run, i - run);
            out.writeAscii(escape);
            i += length - 1;
            run = i + 1;
        }
        out.write(utf8, run, utf8.length - run);
        out.write('"');
    }

    private Object value() {
        whitespace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + printable(c));
            }
        };
    }

    private Map<String, Object> object() {
        nest();
        at++;
        Map<String, Object> map = new LinkedHashMap<>();
        whitespace();
        if (peek() == '}') {
            at++;
            depth--;
            return map;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String key = string();
            whitespace();
            expect(':');
            if (map.containsKey(key)) {
                throw error("duplicate field \"" + key + "\"");
            }
            map.put(key, value());
            whitespace();
            char c = next();
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        nest();
        at++;
        List<Object> list = new ArrayList<>();
        whitespace();
        if (peek() == ']') {
            at++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value());
            whitespace();
            char c = next();
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        at++; // the opening quote
        StringBuilder out = null;
        int start = at;
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at);
            if (c == '"') {
                String value = out == null
                        ? text.substring(start, at)
                        : out.append(text, start, at).toString();
                at++;
                return value;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, start, at);
                at++;
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = at; i < at + 4; i++) {
                            // four hex digits exactly: Integer.parseInt would also take a sign ("\\u+041")
                            int digit = Character.digit(text.charAt(i), 16);
                            if (digit < 0 || text.charAt(i) > 'f') {
                                throw error("bad \\u escape");
                            }
                            code = code << 4 | digit;
                        }
                        out.append((char) code);
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + printable(e));
                }
                start = at;
            } else {
                at++;
            }
        }
    }

    private Long number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        String digits = text.substring(start, at);
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            throw error("only integers are expected");
        }
        if (!wellFormedInteger(digits)) {
            throw error("bad number " + digits);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("number out of range " + digits);
        }
    }

    /**
     * {@code -?(0|[1-9][0-9]{0,18})}, checked without a regular expression: {@code String.matches} compiled one per
     * number, a sixth of the time of a whole-log verification.
     */
    private static boolean wellFormedInteger(String digits) {
        int first = digits.startsWith("-") ? 1 : 0;
        int length = digits.length() - first;
        if (length < 1 || length > 19) {
            return false;
        }
        if (digits.charAt(first) == '0') {
            return length == 1;
        }
        for (int i = first; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected text");
        }
        at += word.length();
        return value;
    }

    private void nest() {
        if (++depth > MAX_DEPTH) {
            throw error("nested too deep");
        }
    }

    private void whitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    /** A character for a message that may be printed to a terminal: quoted, or as U+XXXX when not printable. */
    private static String printable(char c) {
        return Character.isISOControl(c)
                        || Character.isWhitespace(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.isSurrogate(c)
                ? String.format("U+%04X", (int) c)
                : "'" + c + "'";
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("JSON at column " + (at + 1) + ": " + message);
    }
}
