package dev.breachnotify.platform.security;

import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import dev.breachnotify.platform.limit.NetworkPrefix;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates HTTP Basic credentials against the {@link ConfiguredUser}s (machine accounts: the bounce pipe,
 * scripts). Runs on the blocking executor, not the event loop. What a password check costs is paid by whoever
 * guesses, not by the service:
 * <ul>
 *   <li>A successful check is remembered for {@code breachnotify.security.remember-verified} (default 5 minutes)
 *       under an HMAC of user name and password with a key made at start (never the password itself), so a
 *       script's hundred requests cost one hash computation.</li>
 *   <li>Failures are slowed per user name and refused per network ({@link SignInLimits}); a user is never
 *       locked.</li>
 *   <li>An unknown user name costs the same PBKDF2 work as a known one (a dummy hash), so timing does not tell
 *       which names exist; at most half the cores compute hashes at a time.</li>
 *   <li>A stored hash with fewer iterations than {@code breachnotify.security.password-iterations} (default
 *       600,000) is upgraded in memory on the next successful check, with a warning to replace the configured
 *       one.</li>
 * </ul>
 */
@Singleton
public class ConfiguredUsersAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredUsersAuthenticationProvider.class);
    private static final int MAX_REMEMBERED = 10_000;
    /** An IPv4 or IPv6 literal, never a host name (which InetAddress would look up in DNS). */
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    private final Map<String, ConfiguredUser> users = new ConcurrentHashMap<>();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, Long> verifiedAt = new ConcurrentHashMap<>();
    private final int iterations;
    private final long rememberNanos;
    private final SignInLimits limits;
    private final LongSupplier nanoTime;
    private final Consumer<Duration> pause;
    private final AtomicInteger hashChecks = new AtomicInteger();
    private final Semaphore hashing =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private final SecretKeySpec cacheKey;
    private volatile String dummyHash;
    /** Micronaut's (honours micronaut.server.client-address-header behind a proxy); null in unit tests. */
    private HttpClientAddressResolver clientAddresses;

    @Inject
    public ConfiguredUsersAuthenticationProvider(
            List<ConfiguredUser> users,
            @Value("${breachnotify.security.password-iterations:600000}") int iterations,
            @Value("${breachnotify.security.remember-verified:5m}") Duration remember,
            HttpClientAddressResolver clientAddresses) {
        this(
                users,
                iterations,
                remember,
                new SignInLimits(),
                System::nanoTime,
                ConfiguredUsersAuthenticationProvider::sleep);
        this.clientAddresses = clientAddresses;
    }

    /** For tests: the clock of the limits and the cache, and what waiting means. */
    ConfiguredUsersAuthenticationProvider(
            List<ConfiguredUser> users,
            int iterations,
            Duration remember,
            SignInLimits limits,
            LongSupplier nanoTime,
            Consumer<Duration> pause) {
        users.forEach(user -> {
            this.users.put(user.getName(), user);
            if (user.getPasswordHash() != null) {
                hashes.put(user.getName(), user.getPasswordHash());
            }
        });
        this.iterations = iterations;
        this.rememberNanos = remember.toNanos();
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.pause = pause;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public AuthenticationResponse authenticate(
            HttpRequest<B> request, AuthenticationRequest<String, String> authentication) {
        String username = authentication.getIdentity();
        String password = authentication.getSecret();
        if (username == null || password == null) {
            return failure();
        }
        ConfiguredUser user = users.get(username);
        String remembered = mac(username, password);
        Long at = verifiedAt.get(remembered);
        if (user != null && at != null && nanoTime.getAsLong() - at < rememberNanos) {
            return AuthenticationResponse.success(username, user.getRoles());
        }
        String network = network(request);
        Decision decision = limits.check(username, network);
        if (decision.refused()) {
            return failure();
        }
        if (!decision.delay().isZero()) {
            pause.accept(decision.delay());
        }
        boolean ok = check(username, user, password);
        if (!ok) {
            limits.failed(username, network);
            return failure();
        }
        remember(remembered);
        return AuthenticationResponse.success(username, user.getRoles());
    }

    private boolean check(String username, ConfiguredUser user, String password) {
        String stored = user == null ? null : hashes.get(username);
        hashing.acquireUninterruptibly();
        hashChecks.incrementAndGet();
        try {
            if (stored == null) {
                PasswordHashes.matches(password.toCharArray(), dummyHash());
                return false;
            }
            if (!PasswordHashes.matches(password.toCharArray(), stored)) {
                return false;
            }
            if (PasswordHashes.iterations(stored) < iterations) {
                hashes.put(username, PasswordHashes.hash(password.toCharArray(), iterations));
                LOG.warn(
                        "The configured password hash of {} has {} PBKDF2 iterations, fewer than {}: upgraded in"
                                + " memory; replace it in the configuration with a new hash (PasswordHashes)",
                        username,
                        PasswordHashes.iterations(stored),
                        iterations);
            }
            return true;
        } finally {
            hashing.release();
        }
    }

    /** The hash an unknown user name is checked against: the same work as a known one's. */
    private String dummyHash() {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = PasswordHashes.hash("no such user".toCharArray(), iterations);
            dummyHash = dummy;
        }
        return dummy;
    }

    private void remember(String key) {
        long now = nanoTime.getAsLong();
        if (verifiedAt.size() >= MAX_REMEMBERED) {
            verifiedAt.values().removeIf(at -> now - at >= rememberNanos);
            if (verifiedAt.size() >= MAX_REMEMBERED) {
                verifiedAt.clear();
            }
        }
        verifiedAt.put(key, now);
    }

    private String mac(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private String network(HttpRequest<?> request) {
        if (request == null) {
            return null;
        }
        String address = clientAddresses == null ? null : clientAddresses.resolve(request);
        if (address != null && LITERAL.matcher(address).matches()) {
            try {
                return NetworkPrefix.of(InetAddress.getByName(address)); // a literal: parsed, not resolved
            } catch (UnknownHostException e) {
                // fall back to the connection's address
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? null : NetworkPrefix.of(remote.getAddress());
    }

    /** How many passwords were checked by PBKDF2 (not from the cache, not refused). */
    int hashChecks() {
        return hashChecks.get();
    }

    /** The hash a user's password is checked against now (upgraded or as configured). */
    String currentHash(String username) {
        return hashes.get(username);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AuthenticationResponse failure() {
        return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }
}
