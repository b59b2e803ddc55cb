package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FormTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-11-24T10:00:00Z");
    private static final byte[] KEY = key((byte) 7);
    private static final String HASH = "a".repeat(64);
    private static final String OTHER_HASH = "b".repeat(64);

    @Test
    void aTokenIsValidForItsCodeUntilTheValidityEnds() {
        String token = tokensAt(ISSUED).issue(HASH);

        assertThat(tokensAt(ISSUED).verify(HASH, token)).isTrue();
        assertThat(tokensAt(ISSUED.plus(Duration.ofHours(23).plusMinutes(59))).verify(HASH, token))
                .isTrue();
        assertThat(tokensAt(ISSUED.plus(Duration.ofHours(24))).verify(HASH, token))
                .isTrue();
        assertThat(tokensAt(ISSUED.plus(Duration.ofHours(24)).plusSeconds(1)).verify(HASH, token))
                .isFalse();
    }

    @Test
    void aTokenIsWorthlessForAnotherCodeOrUnderAnotherKey() {
        String token = tokensAt(ISSUED).issue(HASH);

        assertThat(tokensAt(ISSUED).verify(OTHER_HASH, token)).isFalse();
        assertThat(new FormTokens(key((byte) 8), Duration.ofHours(24), Clock.fixed(ISSUED, ZoneOffset.UTC))
                        .verify(HASH, token))
                .isFalse();
    }

    @Test
    void aChangedIssueTimeOrSignatureIsRejected() {
        String token = tokensAt(ISSUED).issue(HASH);
        String[] parts = token.split("\\.");
        String later = (Long.parseLong(parts[0]) + 3600) + "." + parts[1];
        char last = parts[1].charAt(parts[1].length() - 1);
        String flipped = parts[0] + "." + parts[1].substring(0, parts[1].length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(tokensAt(ISSUED).verify(HASH, later)).isFalse();
        assertThat(tokensAt(ISSUED).verify(HASH, flipped)).isFalse();
    }

    @Test
    void aTokenFromTheFutureIsRejectedBeyondTheClockSkew() {
        String fromTheFuture = tokensAt(ISSUED.plus(Duration.ofMinutes(10))).issue(HASH);
        String slightlyAhead = tokensAt(ISSUED.plusSeconds(30)).issue(HASH);

        assertThat(tokensAt(ISSUED).verify(HASH, fromTheFuture)).isFalse();
        assertThat(tokensAt(ISSUED).verify(HASH, slightlyAhead)).isTrue();
    }

    @Test
    void malformedTokensAreRejected() {
        FormTokens tokens = tokensAt(ISSUED);

        for (String malformed : Arrays.asList(
                null,
                "",
                ".",
                "abc",
                "123",
                ".abc",
                "x.abc",
                "1.%%%",
                "99999999999999999999.abc",
                "-1.abc",
                "9223372036854775807.abc",
                "1".repeat(200))) {
            assertThat(tokens.verify(HASH, malformed))
                    .as(String.valueOf(malformed))
                    .isFalse();
        }
        assertThat(tokens.verify(null, tokens.issue(HASH))).isFalse();
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new FormTokens(new byte[16], Duration.ofHours(24), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FormTokens tokensAt(Instant now) {
        return new FormTokens(KEY, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static byte[] key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }
}
