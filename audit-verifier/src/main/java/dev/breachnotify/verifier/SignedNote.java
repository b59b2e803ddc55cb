package dev.breachnotify.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * A <a href="https://c2sp.org/signed-note">C2SP signed note</a>: a text of UTF-8 lines, each ending in a newline,
 * then a blank line, then signature lines {@code — <key name> <base64(key id || signature)>} (the dash is U+2014).
 * The Ed25519 signature is over the text, final newline included. This class signs with one key and verifies
 * with one key: a note must carry a signature by the expected key name and key id, and that signature must hold;
 * signatures by other keys are ignored, as the specification says.
 */
public final class SignedNote {

    private static final String DASH = "\u2014 ";

    private SignedNote() {
    }

    /** Signs a text (which must end in a newline and hold no blank line). */
    public static String sign(String text, String keyName, PrivateKey privateKey, PublicKey publicKey) {
        checkText(text);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed25519.sign();
            byte[] keyId = NoteKeys.keyId(keyName, publicKey);
            byte[] blob = Arrays.copyOf(keyId, 4 + signature.length);
            System.arraycopy(signature, 0, blob, 4, signature.length);
            return text + "\n" + DASH + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a note and returns its text.
     *
     * @throws ProofException if the note is malformed or bears no valid signature by {@code keyName}/{@code key}
     */
    public static String verify(String note, String keyName, PublicKey key) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new ProofException("not a signed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        byte[] expectedId = NoteKeys.keyId(keyName, key);
        boolean sawKey = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new ProofException("not a signature line: " + abbreviate(line));
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            if (parts.length != 2) {
                throw new ProofException("not a signature line: " + abbreviate(line));
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new ProofException("signature of " + parts[0] + " is not base64");
            }
            if (!parts[0].equals(keyName) || blob.length < 4
                    || !MessageDigest.isEqual(Arrays.copyOf(blob, 4), expectedId)) {
                continue; // another key's signature
            }
            sawKey = true;
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(text.getBytes(StandardCharsets.UTF_8));
                if (ed25519.verify(Arrays.copyOfRange(blob, 4, blob.length))) {
                    return text;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature is a forged one
            }
        }
        throw new ProofException(sawKey
                ? "the signature of " + keyName + " does not verify: the note was changed or forged"
                : "the note bears no signature of key " + keyName + " (id "
                + java.util.HexFormat.of().formatHex(expectedId) + ")");
    }

    private static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new ProofException("a note's text must be non-empty lines ending in a newline");
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
