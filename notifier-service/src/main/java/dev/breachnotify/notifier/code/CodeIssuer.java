package dev.breachnotify.notifier.code;

import dev.breachnotify.events.AckCode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives each practice's acknowledgement code for an advisory as HMAC-SHA256(code key, advisory, practice),
 * cut to 80 bits; a contact's code also covers the contact id, and an IT service partner's is one per advisory and
 * partner. Each derivation has its own prefix, so no two kinds can collide. The code is therefore stored nowhere: the email, a reminder and a printed letter all derive
 * the same code when they need it, and only its hash leaves this service. Whoever holds the code key can derive
 * every code, so it is a secret of the same rank as a database of codes would be
 * ({@code breachnotify.notifier.code-key}, base64, at least 32 bytes).
 */
@Singleton
public class CodeIssuer {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public CodeIssuer(@Value("${breachnotify.notifier.code-key}") String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("breachnotify.notifier.code-key is not base64");
        }
        if (bytes.length < 32) {
            throw new IllegalArgumentException("breachnotify.notifier.code-key must be at least 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The code of a practice for an advisory. */
    public AckCode codeFor(String advisoryId, String practiceId) {
        byte[] digest = macs.get()
                .doFinal(("ack-code/v1\u0000" + advisoryId + "\u0000" + practiceId).getBytes(StandardCharsets.UTF_8));
        return AckCode.fromBytes(digest);
    }

    /**
     * The code of a practice's contact for an advisory, {@code "ack-code/v2"}: each contact's own, so that what they
     * submit says who it was. A {@code null} contact is the practice's general code ({@link #codeFor(String,
     * String)}).
     */
    public AckCode codeFor(String advisoryId, String practiceId, String contactId) {
        if (contactId == null) {
            return codeFor(advisoryId, practiceId);
        }
        return derive("ack-code/v2\u0000" + advisoryId + "\u0000" + practiceId + "\u0000" + contactId);
    }

    /** The code of an IT service partner for an advisory (one per advisory and partner), for its page {@code /p/}. */
    public AckCode partnerCodeFor(String advisoryId, String partnerId) {
        return derive("partner-code/v1\u0000" + advisoryId + "\u0000" + partnerId);
    }

    private AckCode derive(String input) {
        return AckCode.fromBytes(macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
