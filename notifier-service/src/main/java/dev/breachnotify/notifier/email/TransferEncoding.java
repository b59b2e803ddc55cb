package dev.breachnotify.notifier.email;

/**
 * The Content-Transfer-Encoding of a text part, chosen from the string itself: {@code 7bit} when every character
 * is ASCII and no line is longer than SMTP allows, else {@code quoted-printable}. Without it Jakarta Mail finds the
 * encoding by writing the whole part through its content handler once more before sending it
 * ({@code MimeUtility.getEncoding}), which was a fifth of the CPU time of a send. Our texts are mostly ASCII, so
 * quoted-printable is what Jakarta Mail would choose for them too (it picks base64 only for mostly non-ASCII text).
 */
final class TransferEncoding {

    static final String QUOTED_PRINTABLE = "quoted-printable";

    /** RFC 5321 4.5.3.1.6: 1000 octets per line including CRLF. */
    private static final int MAX_LINE = 998;

    private TransferEncoding() {}

    static String of(String text) {
        int line = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line = 0;
            } else if (c >= 0x80 || c == 0 || c == '\r' || ++line > MAX_LINE) {
                return QUOTED_PRINTABLE;
            }
        }
        return "7bit";
    }
}
