package dev.breachnotify.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 keys in the two forms the audit log uses, through the JDK alone ({@code KeyFactory "Ed25519"}):
 * <ul>
 *   <li>PEM: the private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), the public key as X.509
 *       SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), the form {@code openssl genpkey -algorithm ed25519}
 *       writes;</li>
 *   <li>a C2SP signed-note verifier key, {@code <name>+<key id hex>+<base64(0x01 || 32-byte key)>}.</li>
 * </ul>
 * The key id of a signed note is the first four bytes of {@code SHA-256(name || 0x0A || 0x01 || key)}.
 */
public final class NoteKeys {

    /** The signature type byte of Ed25519 in C2SP signed notes. */
    static final byte ED25519_TYPE = 0x01;
    /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key (RFC 8410). */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private NoteKeys() {}

    /** A fresh key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    /** Reads a public key from PEM (X.509) or from a C2SP verifier key; {@code source} names it in errors. */
    public static PublicKey parsePublicKey(String text, String source) {
        String trimmed = text.strip();
        try {
            if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
                return KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(pemBody(trimmed, "PUBLIC KEY", source)));
            }
            int first = trimmed.indexOf('+');
            String[] parts = first < 0 || trimmed.length() < first + 10 || trimmed.charAt(first + 9) != '+'
                    ? new String[0]
                    : new String[] {
                        trimmed.substring(0, first),
                        trimmed.substring(first + 1, first + 9),
                        trimmed.substring(first + 10)
                    };
            if (parts.length == 3) {
                byte[] typed = Base64.getDecoder().decode(parts[2]);
                if (typed.length != 33 || typed[0] != ED25519_TYPE) {
                    throw new ProofException(source + ": not an Ed25519 verifier key");
                }
                PublicKey key = fromRaw(Arrays.copyOfRange(typed, 1, 33));
                if (!HexFormat.of().formatHex(keyId(parts[0], key)).equals(parts[1])) {
                    throw new ProofException(source + ": the key id " + parts[1] + " does not match the key");
                }
                return key;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProofException(source + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
        throw new ProofException(source + ": expected a PEM public key (-----BEGIN PUBLIC KEY-----) or a "
                + "verifier key name+id+base64");
    }

    /**
     * Reads one or more public keys: PEM blocks and/or verifier keys, one a line, in any order (a log's key history:
     * the current key and the ones it replaced). Blank lines and lines starting with {@code #} are ignored.
     */
    public static List<PublicKey> parsePublicKeys(String text, String source) {
        List<PublicKey> keys = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            if (line.equals("-----BEGIN PUBLIC KEY-----")) {
                StringBuilder block = new StringBuilder();
                int first = i;
                while (i < lines.length && !lines[i].strip().equals("-----END PUBLIC KEY-----")) {
                    block.append(lines[i].strip()).append('\n');
                    i++;
                }
                if (i == lines.length) {
                    throw new ProofException(source + " line " + (first + 1) + ": a PEM block without its "
                            + "-----END PUBLIC KEY----- line");
                }
                block.append(lines[i].strip()).append('\n');
                keys.add(parsePublicKey(block.toString(), source + " line " + (first + 1)));
            } else {
                keys.add(parsePublicKey(line, where));
            }
        }
        if (keys.isEmpty()) {
            throw new ProofException(source + ": no public key (expected -----BEGIN PUBLIC KEY----- or a verifier "
                    + "key name+id+base64)");
        }
        return keys;
    }

    /** Reads a PKCS#8 PEM private key. */
    public static PrivateKey parsePrivateKey(String pem, String source) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem.strip(), "PRIVATE KEY", source)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProofException(source + ": not an Ed25519 PKCS#8 private key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The public key of a private key. The JDK has no call for it, so the key pair is generated again from the
     * private key's 32 bytes, which is what Ed25519 key generation draws from its random source (RFC 8032 5.1.5).
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey edec)
                || edec.getBytes().isEmpty()) {
            throw new ProofException("not an Ed25519 private key");
        }
        byte[] seed = edec.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new java.security.SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            KeyPair pair = generator.generateKeyPair();
            byte[] regenerated = ((java.security.interfaces.EdECPrivateKey) pair.getPrivate())
                    .getBytes()
                    .orElseThrow();
            if (!Arrays.equals(regenerated, seed)) {
                throw new IllegalStateException("this JDK does not derive Ed25519 keys from their seed");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    /** PEM of a public key (X.509 SubjectPublicKeyInfo). */
    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** PEM of a private key (PKCS#8). */
    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** The raw 32 bytes of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(encoded, X509_PREFIX.length), X509_PREFIX)) {
            throw new ProofException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    /** The public key of 32 raw bytes. */
    public static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** The signed-note key id: the first 4 bytes of SHA-256(name || '\n' || 0x01 || key). */
    public static byte[] keyId(String name, PublicKey key) {
        MessageDigest sha256 = Merkle.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519_TYPE);
        return Arrays.copyOf(sha256.digest(raw(key)), 4);
    }

    /** The C2SP verifier key: {@code name+keyid+base64(0x01 || key)}. */
    public static String verifierKey(String name, PublicKey key) {
        byte[] typed = new byte[33];
        typed[0] = ED25519_TYPE;
        System.arraycopy(raw(key), 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, key)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** A fingerprint to log and compare: SHA-256 of the raw public key, hex. */
    public static String fingerprint(PublicKey key) {
        return "SHA256:" + HexFormat.of().formatHex(Merkle.sha256().digest(raw(key)));
    }

    private static byte[] pemBody(String pem, String type, String source) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new ProofException(source + ": no " + begin + " ... " + end + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
