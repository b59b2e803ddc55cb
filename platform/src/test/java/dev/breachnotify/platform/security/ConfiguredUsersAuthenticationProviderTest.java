package dev.breachnotify.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.UsernamePasswordCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConfiguredUsersAuthenticationProviderTest {

    private static final int OLD_ITERATIONS = 1_000;
    private static final int ITERATIONS = 2_000;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> pauses = new ArrayList<>();
    private final ConfiguredUsersAuthenticationProvider<Object> provider = provider();

    private ConfiguredUsersAuthenticationProvider<Object> provider() {
        ConfiguredUser dpo = new ConfiguredUser("dpo");
        dpo.setPasswordHash(PasswordHashes.hash("right".toCharArray(), OLD_ITERATIONS));
        dpo.setRoles(List.of(Roles.DPO));
        return new ConfiguredUsersAuthenticationProvider<>(
                List.of(dpo), ITERATIONS, Duration.ofMinutes(5), new SignInLimits(now::get), now::get, pauses::add);
    }

    private AuthenticationResponse signIn(String user, String password) {
        AuthenticationRequest<String, String> request = new UsernamePasswordCredentials(user, password);
        return provider.authenticate(null, request);
    }

    @Test
    void aSuccessfulCheckIsRememberedSoRepeatedRequestsCostOneHash() {
        for (int i = 0; i < 100; i++) {
            assertThat(signIn("dpo", "right").isAuthenticated()).isTrue();
        }
        assertThat(provider.hashChecks()).isEqualTo(1);

        now.addAndGet(Duration.ofMinutes(6).toNanos());
        assertThat(signIn("dpo", "right").isAuthenticated()).isTrue();
        assertThat(provider.hashChecks()).isEqualTo(2);
    }

    @Test
    void anOldHashIsUpgradedToTheConfiguredCostOnSuccessAndStillMatches() {
        assertThat(signIn("dpo", "right").isAuthenticated()).isTrue();

        String upgraded = provider.currentHash("dpo");
        assertThat(PasswordHashes.iterations(upgraded)).isEqualTo(ITERATIONS);
        assertThat(PasswordHashes.matches("right".toCharArray(), upgraded)).isTrue();
    }

    @Test
    void anUnknownUserCostsAHashComputationLikeAKnownOne() {
        assertThat(signIn("nobody", "right").isAuthenticated()).isFalse();
        assertThat(signIn("dpo", "wrong").isAuthenticated()).isFalse();
        assertThat(provider.hashChecks()).isEqualTo(2);
    }

    @Test
    void wrongPasswordsSlowTheUserNameButNeverLockIt() {
        for (int i = 0; i < 200; i++) {
            assertThat(signIn("dpo", "guess-" + i).isAuthenticated()).isFalse();
        }
        assertThat(pauses).isNotEmpty().allMatch(pause -> pause.compareTo(Duration.ofSeconds(3)) <= 0);
        assertThat(provider.hashChecks()).isEqualTo(200);

        assertThat(signIn("dpo", "right").isAuthenticated()).isTrue();
    }

    @Test
    void aGuessingNetworkIsRefusedWithoutHashingWhileOtherNetworksAreOnlySlowed() {
        SignInLimits limits = new SignInLimits(now::get);
        for (int i = 0; i < 60; i++) {
            limits.failed("dpo", "198.51.100.0/24");
        }
        assertThat(limits.check("dpo", "198.51.100.0/24").refused()).isTrue();
        assertThat(limits.check("dpo", "203.0.113.0/24").refused()).isFalse();
        assertThat(limits.check("dpo", "203.0.113.0/24").delay()).isEqualTo(Duration.ofSeconds(3));

        now.addAndGet(Duration.ofMinutes(15).toNanos());
        assertThat(limits.check("dpo", "198.51.100.0/24").refused()).isFalse();
    }
}
