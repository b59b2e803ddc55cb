package dev.breachnotify.console.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final SessionStore store = new SessionStore(Duration.ofMinutes(30), clock);

    @Test
    void aSessionEndsAfterTheIdleTimeoutButEachUseExtendsIt() {
        Session session = store.create("comms", "secret".toCharArray(), Set.of(Role.COMMUNICATIONS), "de");

        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(session.id())).contains(session);
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(session.id())).as("used 29 minutes ago").contains(session);
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(session.id())).as("idle for 30 minutes").isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void idsAndFormTokensAreRandomAndLong() {
        Session one = store.create("comms", "secret".toCharArray(), Set.of(Role.COMMUNICATIONS), "de");
        Session two = store.create("comms", "secret".toCharArray(), Set.of(Role.COMMUNICATIONS), "de");

        assertThat(one.id()).isNotEqualTo(two.id()).isNotEqualTo(one.csrfToken());
        assertThat(Base64.getUrlDecoder().decode(one.id())).hasSize(32);
        assertThat(store.find("guessed")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void aFormIsAcceptedOnlyWithItsSessionsToken() {
        Session one = store.create("comms", "secret".toCharArray(), Set.of(Role.COMMUNICATIONS), "de");
        Session two = store.create("dpo", "secret".toCharArray(), Set.of(Role.DPO), "en");

        assertThat(SessionStore.validCsrf(one, one.csrfToken())).isTrue();
        assertThat(SessionStore.validCsrf(one, two.csrfToken())).isFalse();
        assertThat(SessionStore.validCsrf(one, null)).isFalse();
        assertThat(SessionStore.validCsrf(one, "")).isFalse();
    }

    @Test
    void signingOutForgetsTheSessionAndItsPassword() {
        Session session = store.create("comms", "secret".toCharArray(), Set.of(Role.COMMUNICATIONS), "de");
        assertThat(session.basicAuthorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("comms:secret".getBytes()));
        assertThat(session.toString()).doesNotContain("secret");

        store.end(session.id());

        assertThat(store.find(session.id())).isEmpty();
        assertThat(session.basicAuthorization()).doesNotContain(
                Base64.getEncoder().encodeToString("comms:secret".getBytes()));
    }
}
