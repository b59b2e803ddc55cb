package dev.breachnotify.console.session;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Form tokens without server-side state: an HMAC of the session (subject and the random id of the sign-in, both in
 * the signed session cookie) under the console's session secret. Every console instance computes the same token for a session; another site
 * cannot, since it neither reads the session cookie nor knows the secret. A new sign-in gives a new token.
 */
@Singleton
public class FormTokens {

    private final byte[] key;

    public FormTokens(@Value("${micronaut.security.token.jwt.signatures.secret.generator.secret}") String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The token of this subject's session with this id. */
    public String tokenFor(String subject, String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("form|" + subject + "|" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a submitted form token is this session's; in constant time. */
    public static boolean valid(Session session, String submitted) {
        return submitted != null
                && MessageDigest.isEqual(
                        session.csrfToken().getBytes(StandardCharsets.UTF_8),
                        submitted.getBytes(StandardCharsets.UTF_8));
    }
}
