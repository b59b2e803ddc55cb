package dev.breachnotify.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A practice's acknowledgement code: 80 random bits as 16 Crockford base-32 characters plus one check
 * character (Luhn mod 32), printed in groups: {@code 7KQ2-M9XD-4HTC-PW3B-R}.
 *
 * <p>People type it from paper, so parsing ignores case, spaces and dashes and maps Crockford's
 * confusable letters (O to 0, I and L to 1). The check character rejects a mistyped code before any lookup.
 * Only {@link #hash()} is ever stored or sent; {@link #toString()} does not reveal the code.
 */
public final class AckCode {

    /** Crockford's base-32 alphabet: no I, L, O, U. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Number of data characters (80 bits). */
    public static final int DATA_LENGTH = 16;

    private final String data;

    private AckCode(String data) {
        this.data = data;
    }

    /** A code from 10 bytes (80 bits) of key material. */
    public static AckCode fromBytes(byte[] bits) {
        if (bits.length < 10) {
            throw new IllegalArgumentException("an acknowledgement code needs 80 bits");
        }
        StringBuilder out = new StringBuilder(DATA_LENGTH);
        long buffer = 0;
        int bitsInBuffer = 0;
        for (int i = 0; i < 10; i++) {
            buffer = (buffer << 8) | (bits[i] & 0xFF);
            bitsInBuffer += 8;
            while (bitsInBuffer >= 5) {
                bitsInBuffer -= 5;
                out.append(ALPHABET.charAt((int) ((buffer >> bitsInBuffer) & 0x1F)));
            }
        }
        return new AckCode(out.toString());
    }

    /**
     * Parses what a person typed.
     *
     * @return the code, or empty with no reason given; use {@link #check(String)} for the reason
     */
    public static Optional<AckCode> parse(String typed) {
        return check(typed).code();
    }

    /** Parses what a person typed and says why it is not a code, if it is not. */
    public static ParseResult check(String typed) {
        if (typed == null || typed.isBlank()) {
            return ParseResult.invalid("Please enter the code from your letter.");
        }
        StringBuilder normalized = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ' || c == '\t' || c == '\u00A0') {
                continue;
            }
            char mapped = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return ParseResult.invalid("The code contains a character that is not used in codes: '" + c
                        + "'. Codes use the digits 0-9 and the letters A-Z without U.");
            }
            normalized.append(mapped);
        }
        if (normalized.length() != DATA_LENGTH + 1) {
            return ParseResult.invalid(
                    "A code has " + (DATA_LENGTH + 1) + " characters; you entered " + normalized.length() + ".");
        }
        String data = normalized.substring(0, DATA_LENGTH);
        if (checkCharacter(data) != normalized.charAt(DATA_LENGTH)) {
            return ParseResult.invalid("This code is not valid: please check it for a typing error.");
        }
        return new ParseResult(Optional.of(new AckCode(data)), null);
    }

    /** The Luhn mod 32 check character over the data characters. */
    static char checkCharacter(String data) {
        int factor = 2;
        int sum = 0;
        for (int i = data.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(data.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        int remainder = sum % 32;
        return ALPHABET.charAt((32 - remainder) % 32);
    }

    /** The code as printed and typed: four groups of four, then the check character. */
    public String formatted() {
        return data.substring(0, 4)
                + '-'
                + data.substring(4, 8)
                + '-'
                + data.substring(8, 12)
                + '-'
                + data.substring(12, 16)
                + '-'
                + checkCharacter(data);
    }

    /** SHA-256 (hex) of the canonical data characters: the only form that is stored or sent. */
    public String hash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(data.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AckCode code
                && MessageDigest.isEqual(
                        data.getBytes(StandardCharsets.US_ASCII), code.data.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return Objects.hash(data);
    }

    /** Never the code itself, so that it cannot end up in a log by accident. */
    @Override
    public String toString() {
        return "AckCode[redacted]";
    }

    /** The outcome of {@link #check(String)}: a code, or a message for the person who typed it. */
    public record ParseResult(Optional<AckCode> code, String problem) {

        static ParseResult invalid(String problem) {
            return new ParseResult(Optional.empty(), problem);
        }

        public boolean valid() {
            return code.isPresent();
        }
    }
}
