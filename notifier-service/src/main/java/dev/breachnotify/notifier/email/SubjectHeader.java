package dev.breachnotify.notifier.email;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Subject header of a mail, encoded (RFC 2047, UTF-8) and folded as {@code MimeMessage.setSubject} does it, but
 * once per subject: a fan-out sends the same subject (one per language) to every practice, and encoding it again
 * for every mail was a tenth of the time to compose one. Thread-safe.
 */
final class SubjectHeader {

    /** A bound, not a policy: subjects with the practice's name in them are encoded each time, as before. */
    private static final int MAX_SUBJECTS = 64;

    private final Map<String, String> encoded = new ConcurrentHashMap<>();

    String encoded(String subject) {
        String header = encoded.get(subject);
        if (header == null) {
            try {
                header = MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is always supported", e);
            }
            if (encoded.size() >= MAX_SUBJECTS) {
                encoded.clear();
            }
            encoded.put(subject, header);
        }
        return header;
    }
}
