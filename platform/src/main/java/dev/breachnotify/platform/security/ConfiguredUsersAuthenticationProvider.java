package dev.breachnotify.platform.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates HTTP Basic credentials against the {@link ConfiguredUser}s. PBKDF2 is deliberately slow, so a
 * successful check is remembered for a minute under a salted digest of the credentials (never the password).
 * Runs on the blocking executor, not the event loop.
 */
@Singleton
public class ConfiguredUsersAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    private final Map<String, ConfiguredUser> users;
    private final Map<String, Instant> recentlyVerified = new ConcurrentHashMap<>();
    private final byte[] cacheSalt = new byte[32];

    public ConfiguredUsersAuthenticationProvider(List<ConfiguredUser> users) {
        this.users = new ConcurrentHashMap<>();
        users.forEach(user -> this.users.put(user.getName(), user));
        new SecureRandom().nextBytes(cacheSalt);
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authentication) {
        String username = authentication.getIdentity();
        String password = authentication.getSecret();
        ConfiguredUser user = users.get(username);
        if (user == null || password == null) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        String cacheKey = digest(username, password);
        Instant verifiedAt = recentlyVerified.get(cacheKey);
        boolean ok = verifiedAt != null && verifiedAt.plus(REMEMBER).isAfter(Instant.now());
        if (!ok && PasswordHashes.matches(password.toCharArray(), user.getPasswordHash())) {
            recentlyVerified.put(cacheKey, Instant.now());
            ok = true;
        }
        return ok
                ? AuthenticationResponse.success(username, user.getRoles())
                : AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }

    private String digest(String username, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(cacheSalt);
            sha256.update(username.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
