package dev.breachnotify.verifier;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void quotesWhatJsonRequiresAndTheLineSeparators() {
        assertThat(Json.quote(new StringBuilder(), "{\"a\":\"b\\\\c\"}\n\t\u0001\u2028é").toString())
                .isEqualTo("\"{\\\"a\\\":\\\"b\\\\\\\\c\\\"}\\n\\t\\u0001\\u2028é\"");
        assertThat(Json.quote(new StringBuilder("x"), "").toString()).isEqualTo("x\"\"");
    }

    @Test
    void aQuotedStringReadsBackUnchanged() {
        Random random = new Random(42);
        char[] alphabet = "ab\"\\\n\r\t\b\f\u0000\u001f /é€\u2028\u2029\u2027\u20ac\u2080{}:,".toCharArray();
        for (int round = 0; round < 2_000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                value.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String quoted = Json.quote(new StringBuilder(), value.toString()).toString();
            assertThat(Json.parse(quoted)).as(quoted).isEqualTo(value.toString());
            Utf8Buffer bytes = new Utf8Buffer(8);
            Json.quoteUtf8(bytes, value.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).as("byte by byte").isEqualTo(quoted);
        }
    }
}
