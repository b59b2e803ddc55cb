package dev.breachnotify.notifier.email;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * DKIM's "relaxed" canonicalisation of header fields (RFC 6376 §3.4.2) and of the body (§3.4.4). Header text is
 * handled as ISO-8859-1 characters, one per byte, so that UTF-8 header bytes (SMTPUTF8 mail) pass unchanged.
 */
final class RelaxedCanonicalization {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private RelaxedCanonicalization() {}

    /**
     * One header field ({@code Name: value}, possibly folded, without its final CRLF) as it is hashed: the name
     * in lower case, the value unfolded, runs of white space made one space, no white space around the colon or
     * at the end, then CRLF.
     */
    static String header(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a header field: " + field);
        }
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1)
                .replace("\r\n", "")
                .replaceAll("[ \t]+", " ")
                .strip();
        return name + ":" + value + "\r\n";
    }

    /**
     * The body as it is hashed: in every line runs of white space made one space and white space at the end
     * removed, empty lines at the end removed, and a non-empty body ending in CRLF. Lines end in CRLF.
     */
    static byte[] body(byte[] message, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length - from + 2);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int emptyLines = 0;
        int i = from;
        while (i < message.length) {
            int end = i;
            while (end < message.length && message[end] != CR && message[end] != LF) {
                end++;
            }
            line.reset();
            boolean space = false;
            for (int j = i; j < end; j++) {
                byte b = message[j];
                if (b == ' ' || b == '\t') {
                    space = true;
                } else {
                    if (space) {
                        line.write(' ');
                        space = false;
                    }
                    line.write(b);
                }
            }
            if (line.size() == 0) {
                emptyLines++;
            } else {
                for (; emptyLines > 0; emptyLines--) {
                    out.write(CR);
                    out.write(LF);
                }
                out.write(line.toByteArray(), 0, line.size());
                out.write(CR);
                out.write(LF);
            }
            if (end < message.length && message[end] == CR && end + 1 < message.length && message[end + 1] == LF) {
                i = end + 2;
            } else {
                i = end + 1;
            }
        }
        return out.toByteArray();
    }
}
