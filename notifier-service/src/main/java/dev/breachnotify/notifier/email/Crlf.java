package dev.breachnotify.notifier.email;

import java.io.ByteArrayOutputStream;

/** Line endings as SMTP sends them: every bare CR or LF made CRLF. */
final class Crlf {

    private Crlf() {}

    static byte[] normalise(byte[] bytes) {
        boolean clean = true;
        for (int i = 0; i < bytes.length && clean; i++) {
            if (bytes[i] == '\r') {
                clean = i + 1 < bytes.length && bytes[i + 1] == '\n';
                i++;
            } else if (bytes[i] == '\n') {
                clean = false;
            }
        }
        if (clean) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
