package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The code parser against anything a person (or a script) can type. */
class AckCodePropertiesTest {

    @Property
    void anyTextIsACodeOrGetsAMessageAndNeverAnException(@ForAll String typed) {
        AckCode.ParseResult result = AckCode.check(typed);

        assertThat(result.valid()).isEqualTo(result.problem() == null);
        if (!result.valid()) {
            assertThat(result.problem()).isNotBlank();
        }
        assertThat(AckCode.parse(typed)).isEqualTo(result.code());
    }

    @Property
    void textNearACodeIsACodeOrGetsAMessage(@ForAll("nearCodes") String typed) {
        AckCode.ParseResult result = AckCode.check(typed);

        assertThat(result.valid()).isEqualTo(result.problem() == null);
    }

    @Property
    void everyCodeRoundTripsThroughItsPrintedAndItsSloppilyTypedForm(
            @ForAll @Size(10) byte[] bits, @ForAll("separators") String separator, @ForAll boolean lowerCase) {
        AckCode code = AckCode.fromBytes(bits);
        String typed = code.formatted().replace("-", separator);
        if (lowerCase) {
            typed = typed.toLowerCase(Locale.ROOT);
        }

        AckCode.ParseResult result = AckCode.check(typed);
        assertThat(result.valid()).isTrue();
        assertThat(result.problem()).isNull();
        assertThat(result.code()).contains(code);
        assertThat(AckCode.parse(code.formatted()).orElseThrow().hash()).isEqualTo(code.hash());
    }

    @Property
    void anAcceptedCodeWasTypedInTheCodeAlphabetOnly(@ForAll("nearCodes") String typed) {
        if (AckCode.check(typed).valid()) {
            assertThat(typed.toUpperCase(Locale.ROOT).replaceAll("[\\s\\-\u00A0]", ""))
                    .as("only Crockford characters and their confusables O, I, L (after upper-casing)")
                    .matches("[0-9A-TV-Z]{17}");
        }
    }

    @Property
    void anySingleMistypedCharacterIsRejectedByTheCheckCharacter(
            @ForAll @Size(10) byte[] bits,
            @ForAll @IntRange(min = 0, max = 16) int position,
            @ForAll @IntRange(min = 1, max = 31) int shift) {
        String plain = AckCode.fromBytes(bits).formatted().replace("-", "");
        char original = plain.charAt(position);
        char typo = AckCode.ALPHABET.charAt((AckCode.ALPHABET.indexOf(original) + shift) % 32);

        AckCode.ParseResult result = AckCode.check(plain.substring(0, position) + typo + plain.substring(position + 1));

        assertThat(result.valid()).isFalse();
        assertThat(result.problem()).contains("typing error");
    }

    @Property
    void theDataCharactersAreThe80BitsInBase32AndTheCheckIsLuhnMod32(@ForAll @Size(10) byte[] bits) {
        String digits = new java.math.BigInteger(1, bits).toString(32);
        StringBuilder expected = new StringBuilder();
        for (char digit : ("0".repeat(AckCode.DATA_LENGTH - digits.length()) + digits).toCharArray()) {
            expected.append(AckCode.ALPHABET.charAt(Character.digit(digit, 32)));
        }

        String formatted = AckCode.fromBytes(bits).formatted();

        assertThat(formatted.replace("-", "")).isEqualTo(expected.toString() + luhnMod32(expected.toString()));
    }

    @Property
    void twoCodesAreEqualExactlyWhenTheirBitsAre(@ForAll @Size(10) byte[] one, @ForAll @Size(10) byte[] other) {
        AckCode a = AckCode.fromBytes(one);
        AckCode b = AckCode.fromBytes(other);

        assertThat(a.equals(b)).isEqualTo(java.util.Arrays.equals(one, other));
        assertThat(a.equals(AckCode.fromBytes(one.clone()))).isTrue();
        assertThat(a.hashCode()).isEqualTo(AckCode.fromBytes(one.clone()).hashCode());
        assertThat(a.hash().equals(b.hash())).isEqualTo(java.util.Arrays.equals(one, other));
        assertThat(a.equals(a.formatted())).isFalse();
        assertThat(a).hasToString("AckCode[redacted]");
        // distinct codes spread over hash buckets (these two fixed ones differ; equal hash codes are legal but rare)
        assertThat(AckCode.fromBytes(new byte[10]).hashCode())
                .isNotEqualTo(AckCode.fromBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                        .hashCode());
    }

    /** Luhn mod N as Wikipedia writes it, from the right, doubling every second code point. */
    private static char luhnMod32(String data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int value = AckCode.ALPHABET.indexOf(data.charAt(data.length() - 1 - i));
            if (i % 2 == 0) {
                value *= 2;
                value = value / 32 + value % 32;
            }
            sum += value;
        }
        return AckCode.ALPHABET.charAt((32 - sum % 32) % 32);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("-", " ", "", "\t", "\u00A0", " - ");
    }

    /** Strings of the code's length from the alphabet, its confusables, separators and look-alikes. */
    @Provide
    Arbitrary<String> nearCodes() {
        return Arbitraries.strings()
                .withChars(AckCode.ALPHABET + "oilOILuU -\t\u00A0\u0131\u017F\u212A\uFF10\u0661ß")
                .ofMinLength(15)
                .ofMaxLength(22);
    }
}
