package dev.breachnotify.console.session;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing through the console: after {@value #MAX_FAILURES} failed sign-ins for a user name
 * within {@link #WINDOW}, further attempts for that name are refused until the oldest failure leaves the window.
 * (The services' own API answers Basic authentication without such a limit; in production only the console
 * should be reachable from staff networks.)
 */
@Singleton
public class SignInLimiter {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInLimiter() {
        this(Clock.systemUTC());
    }

    SignInLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Whether an attempt for this user name may be made now. */
    public boolean allowed(String user) {
        Deque<Instant> recent = failures.get(key(user));
        if (recent == null) {
            return true;
        }
        synchronized (recent) {
            prune(recent, clock.instant());
            return recent.size() < MAX_FAILURES;
        }
    }

    public void failed(String user) {
        Deque<Instant> recent = failures.computeIfAbsent(key(user), name -> new ArrayDeque<>());
        synchronized (recent) {
            Instant now = clock.instant();
            prune(recent, now);
            recent.addLast(now);
        }
    }

    public void succeeded(String user) {
        failures.remove(key(user));
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
    }

    private static String key(String user) {
        return user.strip().toLowerCase(Locale.ROOT);
    }
}
