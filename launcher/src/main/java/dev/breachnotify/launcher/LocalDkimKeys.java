package dev.breachnotify.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The embedded default's DKIM keys, so that its mails are signed as production's are: at the first start a
 * 2048-bit RSA key and an Ed25519 key (RFC 8463) are generated into {@code data/dkim/} (the private keys readable
 * by the owner only, PKCS#8 PEM), each with its DNS TXT record beside it ({@code <selector>.txt}, zone-file
 * form), against which anyone can check the mails the capture server saves. Later starts reuse them.
 */
record LocalDkimKeys(Path dir, String rsaPrivateKey, String ed25519PrivateKey) {

    static final String RSA_SELECTOR = "breachnotify";
    static final String ED25519_SELECTOR = "breachnotify-ed25519";

    static LocalDkimKeys loadOrCreate(Path dataDir) {
        Path dir = dataDir.resolve("dkim");
        try {
            return new LocalDkimKeys(
                    dir, privateKey(dir, RSA_SELECTOR, "RSA"), privateKey(dir, ED25519_SELECTOR, "Ed25519"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the DKIM keys in " + dir, e);
        }
    }

    /** The DNS TXT record of the RSA key, {@code data/dkim/breachnotify.txt}. */
    Path rsaRecord() {
        return dir.resolve(RSA_SELECTOR + ".txt");
    }

    /** The DNS TXT record of the Ed25519 key. */
    Path ed25519Record() {
        return dir.resolve(ED25519_SELECTOR + ".txt");
    }

    /** The notifier-service's settings for these keys. */
    Map<String, Object> notifierProperties() {
        return Map.of(
                "breachnotify.notifier.dkim.selector", RSA_SELECTOR,
                "breachnotify.notifier.dkim.private-key", rsaPrivateKey,
                "breachnotify.notifier.dkim.ed25519-selector", ED25519_SELECTOR,
                "breachnotify.notifier.dkim.ed25519-private-key", ed25519PrivateKey);
    }

    /** The private key of the selector (PEM), generated with its TXT record when missing. */
    private static String privateKey(Path dir, String selector, String algorithm) throws IOException {
        Path key = dir.resolve(selector + ".key");
        if (Files.exists(key)) {
            return Files.readString(key, StandardCharsets.US_ASCII);
        }
        KeyPair pair = generate(algorithm);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        createPrivateDirectory(dir);
        writePrivate(key, pem);
        Files.writeString(
                dir.resolve(selector + ".txt"), zoneRecord(selector, pair.getPublic()), StandardCharsets.US_ASCII);
        return pem;
    }

    /** The TXT record in zone-file form, relative to the signing domain, in strings of at most 255 characters. */
    static String zoneRecord(String selector, PublicKey key) {
        String value = txtValue(key);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 250) {
            strings.add("\"" + value.substring(i, Math.min(value.length(), i + 250)) + "\"");
        }
        return "; DKIM public key ("
                + (key.getAlgorithm().equals("RSA") ? "rsa-sha256, 2048 bits" : "ed25519-sha256, RFC 8463")
                + ") of the breach-notify embedded default.\n"
                + "; Publish it as a TXT record at " + selector + "._domainkey.<domain>, where <domain> is the d= of"
                + " the mails'\n; DKIM-Signature (the From address's domain). Zone-file form, relative to that"
                + " domain:\n"
                + selector + "._domainkey IN TXT ( " + String.join(" ", strings) + " )\n";
    }

    /** The record's value: RSA as the SubjectPublicKeyInfo, Ed25519 as the raw 32-byte key (RFC 8463 §4). */
    static String txtValue(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (key.getAlgorithm().equals("RSA")) {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(encoded);
        }
        return "v=DKIM1; k=ed25519; p="
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
