package dev.breachnotify.notifier.email;

import com.ibm.icu.text.IDNA;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A recipient's address as it goes to the relay: the domain as its A-label (IDNA 2008 in the UTS #46
 * non-transitional form, so {@code müller-ärzte.de} is {@code xn--mller-rzte-q9a6e.de} and {@code ß} stays
 * {@code ß}, where the JDK's IDNA 2003 {@code java.net.IDN} would send {@code straße.de} to {@code strasse.de}),
 * the local part as given. A local part that is not ASCII can only be sent with SMTPUTF8 (RFC 6531).
 *
 * @param given    the address as the directory has it
 * @param local    the local part, as given
 * @param domain   the domain's A-label, lower case
 */
record RecipientAddress(String given, String local, String domain) {

    /** Immutable and thread-safe (ICU's documentation of {@code getUTS46Instance}). */
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO
            | IDNA.USE_STD3_RULES);
    /** The ASCII characters of an atom besides letters and digits (RFC 5322 atext). */
    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    /** The address for the envelope and the To header: local part and A-label. */
    String address() {
        return local + "@" + domain;
    }

    /** Whether sending needs the relay's SMTPUTF8 extension: the local part is not ASCII. */
    boolean needsSmtpUtf8() {
        return !StandardCharsets.US_ASCII.newEncoder().canEncode(local);
    }

    /**
     * Parses an address and converts its domain; an address that can never be sent is an
     * {@link UndeliverableAddressException} whose message says why.
     */
    static RecipientAddress parse(String given) throws UndeliverableAddressException {
        String address = given == null ? "" : given.strip();
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new UndeliverableAddressException(given, "not of the form local-part@domain");
        }
        String local = address.substring(0, at);
        String domain;
        try {
            domain = aLabel(address.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new UndeliverableAddressException(given, e.getMessage());
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new UndeliverableAddressException(given, "local part longer than 64 octets (RFC 5321 §4.5.3.1.1)");
        }
        RecipientAddress recipient = new RecipientAddress(given, local, domain);
        if (recipient.needsSmtpUtf8()) {
            if (!isUtf8DotAtom(local)) {
                throw new UndeliverableAddressException(
                        given, "local part is not a valid internationalised" + " dot-atom (RFC 6531)");
            }
        } else {
            try {
                new InternetAddress(recipient.address(), true).validate();
            } catch (AddressException e) {
                throw new UndeliverableAddressException(given, e.getMessage());
            }
        }
        return recipient;
    }

    /** A dot-atom of ASCII atext and non-ASCII, non-control, non-space characters (RFC 6531 §3.3). */
    private static boolean isUtf8DotAtom(String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        return local.codePoints()
                .allMatch(c -> c == '.'
                        || (c < 128
                                ? Character.isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0
                                : !Character.isISOControl(c) && !Character.isWhitespace(c) && Character.isDefined(c)));
    }

    /**
     * A domain's A-label form (IDNA 2008, UTS #46 non-transitional, STD3 rules), lower case; ASCII domains are
     * checked and lower-cased.
     *
     * @throws IllegalArgumentException naming the IDNA errors when the domain is not a valid domain name
     */
    static String aLabel(String domain) {
        StringBuilder ascii = new StringBuilder(domain.length() + 16);
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(domain, ascii, info);
        if (info.hasErrors()) {
            throw new IllegalArgumentException("domain '" + domain + "' is not a valid (internationalised) domain"
                    + " name: IDNA 2008 errors " + info.getErrors());
        }
        String result = ascii.toString().toLowerCase(Locale.ROOT);
        if (result.endsWith(".")) {
            result = result.substring(0, result.length() - 1);
        }
        if (result.isEmpty() || result.length() > 253) {
            throw new IllegalArgumentException("domain '" + domain + "' is empty or longer than 253 characters");
        }
        return result;
    }
}
