package dev.breachnotify.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A <a href="https://c2sp.org/signed-note">C2SP signed note</a>: a text of UTF-8 lines, each ending in a newline,
 * then a blank line, then signature lines {@code — <key name> <base64(key id || signature)>} (the dash is U+2014).
 * The Ed25519 signature is over the text, final newline included. This class signs with one or more keys (the
 * log's key, and the one it replaces while a key rotation is under way) and verifies against the keys a verifier
 * trusts: a note must carry a valid signature by one of them; signatures by other keys are ignored, as the
 * specification says.
 */
public final class SignedNote {

    private static final String DASH = "\u2014 ";

    private SignedNote() {}

    /** Signs a text (which must end in a newline and hold no blank line). */
    public static String sign(String text, String keyName, PrivateKey privateKey, PublicKey publicKey) {
        return sign(text, keyName, List.of(new KeyPair(publicKey, privateKey)));
    }

    /** Signs a text with several keys, one signature line each, in the order given. */
    public static String sign(String text, String keyName, List<KeyPair> keys) {
        checkText(text);
        StringBuilder note = new StringBuilder(text).append('\n');
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        for (KeyPair key : keys) {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(key.getPrivate());
                ed25519.update(message);
                byte[] signature = ed25519.sign();
                byte[] blob = Arrays.copyOf(NoteKeys.keyId(keyName, key.getPublic()), 4 + signature.length);
                System.arraycopy(signature, 0, blob, 4, signature.length);
                note.append(DASH)
                        .append(keyName)
                        .append(' ')
                        .append(Base64.getEncoder().encodeToString(blob))
                        .append('\n');
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
            }
        }
        return note.toString();
    }

    /** A note whose signature holds: its text and the trusted key that signed it. */
    public record Opened(String text, PublicKey signer) {}

    /**
     * Verifies a note and returns its text.
     *
     * @throws ProofException if the note is malformed or bears no valid signature by {@code keyName}/{@code key}
     */
    public static String verify(String note, String keyName, PublicKey key) {
        return open(note, keyName, List.of(key)).text();
    }

    /**
     * Verifies a note against the keys a verifier trusts (a log's current key and those it had before): the note
     * must bear a valid signature by one of them. As in the Go reference implementation, a signature that names a
     * trusted key but does not verify is a forgery, even if another trusted key's signature holds.
     *
     * @throws ProofException if the note is malformed, bears no signature by a trusted key, or a forged one
     */
    public static Opened open(String note, String keyName, List<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key to verify with");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new ProofException("not a signed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        checkText(text);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> ids = new ArrayList<>(keys.size());
        for (PublicKey key : keys) {
            ids.add(NoteKeys.keyId(keyName, key));
        }
        PublicKey signer = null;
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
            int known = parts[0].equals(keyName) && blob.length >= 4 ? indexOf(ids, Arrays.copyOf(blob, 4)) : -1;
            if (known < 0) {
                continue; // a key this verifier does not know: ignored, as the specification says
            }
            if (!holds(keys.get(known), message, Arrays.copyOfRange(blob, 4, blob.length))) {
                throw new ProofException("the signature of " + keyName + " (key id "
                        + HexFormat.of().formatHex(ids.get(known)) + ") does not verify: the note was changed or "
                        + "forged");
            }
            if (signer == null) {
                signer = keys.get(known);
            }
        }
        if (signer == null) {
            StringBuilder known = new StringBuilder();
            for (byte[] id : ids) {
                known.append(known.length() == 0 ? "" : ", ")
                        .append(HexFormat.of().formatHex(id));
            }
            throw new ProofException("the note bears no signature of key " + keyName + " (id "
                    + (ids.size() == 1 ? known : "any of " + known) + ")");
        }
        return new Opened(text, signer);
    }

    private static int indexOf(List<byte[]> ids, byte[] id) {
        for (int i = 0; i < ids.size(); i++) {
            if (MessageDigest.isEqual(ids.get(i), id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean holds(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a forged one
        }
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
