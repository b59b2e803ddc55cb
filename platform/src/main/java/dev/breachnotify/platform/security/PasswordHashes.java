package dev.breachnotify.platform.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash base64),
 * with the JDK's PBKDF2. New hashes take {@value #DEFAULT_ITERATIONS} iterations (OWASP's figure for
 * PBKDF2-HMAC-SHA256); older ones keep theirs until {@link ConfiguredUsersAuthenticationProvider} upgrades them.
 * Run {@code main} to hash a password for the configuration.
 */
public final class PasswordHashes {

    /** OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 with 600,000 iterations. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {}

    /** A new salted hash of the password with {@value #DEFAULT_ITERATIONS} iterations. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** A new salted hash of the password with the given iterations. */
    public static String hash(char[] password, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, got " + iterations);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + '$' + iterations + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(hash);
    }

    /** The iterations of a stored hash, or 0 if it is malformed. */
    public static int iterations(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the password matches the stored hash; malformed hashes never match. */
    public static boolean matches(char[] password, String stored) {
        int iterations = iterations(stored);
        if (iterations < 1) {
            return false;
        }
        String[] parts = stored.split("\\$");
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** Prints the hash of a password read from the console (not echoed) or standard input. */
    public static void main(String[] args) throws java.io.IOException {
        char[] password = System.console() != null
                ? System.console().readPassword("Password: ")
                : new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .strip()
                        .toCharArray();
        System.out.println(hash(password));
    }
}
