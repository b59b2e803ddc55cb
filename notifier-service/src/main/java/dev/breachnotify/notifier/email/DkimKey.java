package dev.breachnotify.notifier.email;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * One DKIM signing key and its selector ({@code s=}). RSA keys have at least 2048 bits; Ed25519 keys
 * (RFC 8463) use the JDK's own implementation.
 */
record DkimKey(String selector, Algorithm algorithm, PrivateKey privateKey) {

    /** The smallest RSA key accepted (RFC 8301 §3.2: signers SHOULD use 2048 bits). */
    static final int MIN_RSA_BITS = 2048;

    enum Algorithm {
        RSA_SHA256("rsa-sha256", "RSA"),
        ED25519_SHA256("ed25519-sha256", "Ed25519");

        private final String tag;
        private final String keyAlgorithm;

        Algorithm(String tag, String keyAlgorithm) {
            this.tag = tag;
            this.keyAlgorithm = keyAlgorithm;
        }

        /** The value of the {@code a=} tag. */
        String tag() {
            return tag;
        }
    }

    DkimKey {
        if (selector == null || !selector.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("DKIM selector '" + selector + "' is not a DNS label");
        }
    }

    /**
     * Reads a PKCS#8 private key, base64 (PEM armour allowed). {@code property} names the setting in the message
     * of the exception for a key that cannot be used.
     */
    static DkimKey parse(String property, String selector, Algorithm algorithm, String encoded) {
        String base64 = encoded.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not base64: " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(algorithm.keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    property + " is not a PKCS#8 " + algorithm.keyAlgorithm + " private key: " + e.getMessage());
        }
        if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException(property + ": the RSA key has "
                    + rsa.getModulus().bitLength() + " bits; DKIM keys need at least " + MIN_RSA_BITS);
        }
        return new DkimKey(selector, algorithm, key);
    }
}
