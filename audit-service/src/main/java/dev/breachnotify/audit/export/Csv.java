package dev.breachnotify.audit.export;

import java.util.List;

/**
 * CSV as <a href="https://www.rfc-editor.org/rfc/rfc4180">RFC 4180</a> has it: fields separated by commas, records
 * ended by CRLF; a field containing a comma, a double quote, CR or LF is enclosed in double quotes, and a double
 * quote inside it is doubled. Other fields are written as they are, so that the export keeps every value
 * byte-for-byte (no spreadsheet-formula escaping: {@code event_json} must hash back to its leaf).
 */
public final class Csv {

    static final String RECORD_END = "\r\n";

    private Csv() {
    }

    /** Appends one record (a {@code null} field is written empty). */
    public static void appendRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendField(out, fields.get(i));
        }
        out.append(RECORD_END);
    }

    /** Appends one field, quoted if it must be. */
    public static void appendField(StringBuilder out, String field) {
        if (field == null || field.isEmpty()) {
            return;
        }
        if (!needsQuotes(field)) {
            out.append(field);
            return;
        }
        out.append('"');
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsQuotes(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
