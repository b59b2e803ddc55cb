package dev.breachnotify.console.session;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SignInLimiterTest {

    @Test
    void fiveFailuresForANameBlockItForTenMinutesAndASuccessClearsThem() {
        Instant start = Instant.parse("2026-12-02T08:00:00Z");
        SignInLimiter limiter = new SignInLimiter(Clock.fixed(start, ZoneOffset.UTC));
        for (int i = 0; i < SignInLimiter.MAX_FAILURES; i++) {
            assertThat(limiter.allowed("comms")).isTrue();
            limiter.failed("Comms ");
        }
        assertThat(limiter.allowed("comms")).as("name compared without case and spaces").isFalse();
        assertThat(limiter.allowed("dpo")).isTrue();

        SignInLimiter later = new SignInLimiter(Clock.fixed(start.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        later.failed("x");
        assertThat(later.allowed("x")).isTrue();

        limiter.succeeded("comms");
        assertThat(limiter.allowed("comms")).isTrue();
    }

    @Test
    void failuresLeaveTheWindow() {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-02T08:00:00Z"));
        SignInLimiter limiter = new SignInLimiter(clock);
        for (int i = 0; i < SignInLimiter.MAX_FAILURES; i++) {
            limiter.failed("comms");
        }
        assertThat(limiter.allowed("comms")).isFalse();

        clock.advance(SignInLimiter.WINDOW);

        assertThat(limiter.allowed("comms")).isTrue();
    }
}
