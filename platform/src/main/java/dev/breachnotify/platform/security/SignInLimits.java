package dev.breachnotify.platform.security;

import dev.breachnotify.platform.limit.FailureLimiter;
import dev.breachnotify.platform.limit.FailureLimiter.Decision;
import dev.breachnotify.platform.limit.FailureLimiter.Policy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Failed password checks, counted per user name and per client network (/24, /48) with breach-notify's one
 * {@link FailureLimiter}. A user name is only ever slowed, never locked: a stranger who types wrong passwords for
 * {@code dpo} makes {@code dpo}'s next check wait up to {@value #MAX_DELAY_SECONDS} s, no longer. A network is
 * slowed, then refused (without computing a hash) until its failures have decayed: that is what stops a
 * guessing script, and it only ever affects the script's own network.
 */
public final class SignInLimits {

    static final int MAX_DELAY_SECONDS = 3;

    /** Per user name: 5 free failures, then 250 ms more per failure up to 3 s; halves every 5 minutes. */
    public static final Policy PER_USER = new Policy(
            5, Integer.MAX_VALUE, Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(MAX_DELAY_SECONDS));
    /** Per network: 10 free failures, then 250 ms more per failure up to 3 s, refused from 50; halves every 5 minutes. */
    public static final Policy PER_NETWORK =
            new Policy(10, 50, Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(MAX_DELAY_SECONDS));

    private static final int MAX_KEYS = 100_000;

    private final FailureLimiter users;
    private final FailureLimiter networks;

    public SignInLimits() {
        this(System::nanoTime);
    }

    SignInLimits(LongSupplier nanoTime) {
        this.users = new FailureLimiter(PER_USER, MAX_KEYS, nanoTime);
        this.networks = new FailureLimiter(PER_NETWORK, MAX_KEYS, nanoTime);
    }

    /** What a password check for this user from this network must do first. */
    public Decision check(String username, String network) {
        Decision user = users.check(username);
        return network == null ? user : user.and(networks.check(network));
    }

    /** Counts a failed check. */
    public void failed(String username, String network) {
        users.failed(username);
        if (network != null) {
            networks.failed(network);
        }
    }
}
