package dev.breachnotify.ack.page;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anti-forgery tokens for the confirmation form: {@code <issued-at epoch seconds>.<HMAC-SHA256>} over the
 * code's hash and the issue time. A token is good for one code and for the validity period, so a form cannot
 * be posted from another site (it cannot read the page to learn the token) and a token from one practice's
 * page is worthless on another's. Stateless: nothing is stored per form.
 */
public final class FormTokens {

    /** The smallest key accepted: the HMAC-SHA256 block of security. */
    public static final int MIN_KEY_BYTES = 32;
    /** How far a token's issue time may lie in the future (clocks of several instances differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PURPOSE = "breachnotify-ack-form-v1";

    private final SecretKeySpec key;
    private final Duration validity;
    private final Clock clock;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public FormTokens(byte[] key, Duration validity, Clock clock) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the form key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.validity = validity;
        this.clock = clock;
    }

    /** A new token for the form of the code with this hash. */
    public String issue(String codeHash) {
        long issuedAt = clock.instant().getEpochSecond();
        return issuedAt + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(codeHash, issuedAt));
    }

    /** Whether the token was issued by this key for this code and is still valid. */
    public boolean verify(String codeHash, String token) {
        if (token == null || codeHash == null || token.length() > 100) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot < 1) {
            return false;
        }
        long issuedAt;
        byte[] presented;
        try {
            issuedAt = Long.parseLong(token.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        Instant now = clock.instant();
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(issuedAt);
        } catch (java.time.DateTimeException e) {
            return false;
        }
        if (issued.isAfter(now.plus(CLOCK_SKEW)) || now.isAfter(issued.plus(validity))) {
            return false;
        }
        return MessageDigest.isEqual(mac(codeHash, issuedAt), presented);
    }

    private byte[] mac(String codeHash, long issuedAt) {
        // doFinal resets the Mac for the next use, keyed as before
        return macs.get().doFinal((PURPOSE + '\n' + codeHash + '\n' + issuedAt).getBytes(StandardCharsets.UTF_8));
    }

    /** A keyed Mac per thread: looking the algorithm up and keying it costs more than the HMAC of a token. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }
}
