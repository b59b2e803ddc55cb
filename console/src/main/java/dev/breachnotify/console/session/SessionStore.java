package dev.breachnotify.console.session;

import dev.breachnotify.console.ConsoleSettings;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in memory, by a random id of 256 bits. A session ends when it has not been used for the idle
 * timeout, or at sign-out. A restart of the console signs everyone out, which is acceptable for a tool used by
 * a handful of people; several console instances need sticky sessions.
 */
@Singleton
public class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    public SessionStore(ConsoleSettings settings) {
        this(settings.getSessionIdleTimeout(), Clock.systemUTC());
    }

    SessionStore(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** A new session for a user whose credentials the services accepted. */
    public Session create(String user, char[] password, Set<Role> roles, String language) {
        removeExpired();
        Session session = new Session(randomToken(), user, password, roles, randomToken(), clock.instant(),
                language);
        sessions.put(session.id(), session);
        return session;
    }

    /** The session with this id, if it exists and has not been idle too long; using it resets its idle time. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            end(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    public void end(String id) {
        Session session = sessions.remove(id);
        if (session != null) {
            session.wipe();
        }
    }

    /** Whether a submitted form token is this session's; in constant time. */
    public static boolean validCsrf(Session session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrfToken().getBytes(),
                submitted.getBytes());
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    int size() {
        return sessions.size();
    }

    private void removeExpired() {
        Instant now = clock.instant();
        sessions.values().stream().filter(session -> expired(session, now)).map(Session::id).toList()
                .forEach(this::end);
    }

    private boolean expired(Session session, Instant now) {
        return !session.lastSeen().plus(idleTimeout).isAfter(now);
    }

    private static String randomToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }
}
