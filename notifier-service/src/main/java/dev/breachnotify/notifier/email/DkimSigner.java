package dev.breachnotify.notifier.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signs a whole message, as the bytes that go to the relay, with DKIM (RFC 6376): relaxed/relaxed, one
 * {@code DKIM-Signature} per key (rsa-sha256 and, when configured, ed25519-sha256 of RFC 8463).
 *
 * <p>Immutable, so one instance serves every sender thread: each call creates its own {@link MessageDigest} and
 * {@link Signature}. (The library used before, {@code org.simplejavamail:utils-mail-dkim}, kept both in fields of
 * a shared signer; two mails signed at the same moment mixed their hashes.) It is written here rather than taken
 * from a library because none on Maven Central does all that is needed: that library lists each header at most
 * once in {@code h=} (a set), so it cannot over-sign, and its Ed25519 rests on {@code net.i2p.crypto:eddsa}
 * (unmaintained since 2017) where the JDK has had Ed25519 since 15; Apache James jDKIM signs RSA only. The
 * canonicalisation is the short relaxed algorithm ({@link RelaxedCanonicalization}), the cryptography is the
 * JDK's, and {@code DkimConcurrencyIT} checks every signature with an independent verifier (Debian's
 * {@code python3-dkim}).
 *
 * <p>Signed headers: {@link #SIGNED}, each listed once per occurrence; those in {@link #OVER_SIGNED} once more
 * (RFC 6376 §8.15), so that a {@code From}, {@code Subject}, {@code Reply-To} or {@code Cc} added on the way
 * breaks the signature.
 */
final class DkimSigner {

    /** The headers signed, in the order they are listed in {@code h=}. */
    static final List<String> SIGNED = List.of(
            "From",
            "Reply-To",
            "Subject",
            "Date",
            "To",
            "Cc",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding");
    /** Listed once more than they occur: none more can be added without breaking the signature. */
    static final Set<String> OVER_SIGNED = Set.of("from", "reply-to", "subject", "cc");

    private final String domain;
    private final List<DkimKey> keys;

    DkimSigner(String domain, List<DkimKey> keys) {
        if (domain == null
                || !domain.matches(
                        "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*" + "[A-Za-z0-9])?)+")) {
            throw new IllegalArgumentException(
                    "DKIM signing domain '" + domain + "' is not an ASCII domain name" + " (use its A-label, xn--...)");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("DKIM needs at least one key");
        }
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.keys = List.copyOf(keys);
    }

    String domain() {
        return domain;
    }

    List<DkimKey> keys() {
        return keys;
    }

    /**
     * The message with its {@code DKIM-Signature} header fields in front. Lines of the result end in CRLF (bare
     * CR or LF are made CRLF first, as the SMTP transport would).
     */
    byte[] sign(byte[] message, Instant now) {
        byte[] crlf = Crlf.normalise(message);
        int bodyStart = bodyStart(crlf);
        String headerText = new String(crlf, 0, bodyStart, StandardCharsets.ISO_8859_1);
        List<String> fields = fields(headerText);
        List<String> names = headerList(fields);
        String selected = selectedHeaders(fields, names);
        String bodyHash =
                Base64.getEncoder().encodeToString(digest().digest(RelaxedCanonicalization.body(crlf, bodyStart)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length + 1024 * keys.size());
        for (DkimKey key : keys) {
            String field = "DKIM-Signature: v=1; a=" + key.algorithm().tag() + "; c=relaxed/relaxed; d=" + domain
                    + "; s=" + key.selector() + ";\r\n\tt=" + now.getEpochSecond() + "; h=" + String.join(":", names)
                    + ";\r\n\tbh=" + bodyHash + ";\r\n\tb=";
            String signedData = selected + RelaxedCanonicalization.header(field).stripTrailing();
            String signature =
                    Base64.getEncoder().encodeToString(sign(key, signedData.getBytes(StandardCharsets.ISO_8859_1)));
            out.writeBytes((field + signature + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(crlf);
        return out.toByteArray();
    }

    private static byte[] sign(DkimKey key, byte[] data) {
        try {
            Signature signature;
            byte[] input;
            if (key.algorithm() == DkimKey.Algorithm.RSA_SHA256) {
                signature = Signature.getInstance("SHA256withRSA");
                input = data;
            } else {
                // RFC 8463 §3: Ed25519 (PureEdDSA) over the SHA-256 hash of the data
                signature = Signature.getInstance("Ed25519");
                input = digest().digest(data);
            }
            signature.initSign(key.privateKey());
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the DKIM key " + key.selector() + ": " + e, e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The names for {@code h=}: each signed header once per occurrence, the over-signed ones once more. */
    private static List<String> headerList(List<String> fields) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED) {
            long occurrences = fields.stream()
                    .filter(field -> nameOf(field).equalsIgnoreCase(name))
                    .count();
            long listed = occurrences + (OVER_SIGNED.contains(name.toLowerCase(Locale.ROOT)) ? 1 : 0);
            for (long i = 0; i < listed; i++) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The canonical header fields in {@code h=} order; a name listed again takes the next instance from the
     * bottom, a name with no instance left contributes nothing (RFC 6376 §5.4.2).
     */
    private static String selectedHeaders(List<String> fields, List<String> names) {
        boolean[] used = new boolean[fields.size()];
        StringBuilder selected = new StringBuilder(1024);
        for (String name : names) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (!used[i] && nameOf(fields.get(i)).equalsIgnoreCase(name)) {
                    used[i] = true;
                    selected.append(RelaxedCanonicalization.header(fields.get(i)));
                    break;
                }
            }
        }
        return selected.toString();
    }

    private static String nameOf(String field) {
        return field.substring(0, field.indexOf(':')).strip();
    }

    /** The header fields of the header section, each with its folding, without its final CRLF. */
    private static List<String> fields(String headerText) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : headerText.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                if (line.indexOf(':') < 0) {
                    throw new IllegalArgumentException("header line without a colon: " + line);
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    /** Where the body starts: after the first empty line (the message's length when there is none). */
    private static int bodyStart(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 4;
            }
        }
        return message.length;
    }
}
