package dev.breachnotify.console.session;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directory files between their check (dry run) and their confirmation, by the operator's subject, for at most
 * {@link #KEEP}. The only state a console instance keeps: a confirmation that reaches another instance (or one
 * restarted meanwhile) finds nothing and asks for the file again; nothing is imported unchecked.
 */
@Singleton
public class PendingImports {

    static final Duration KEEP = Duration.ofMinutes(30);

    private record Entry(Session.PendingImport pending, Instant at) {}

    private final Map<String, Entry> bySubject = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    Session.PendingImport find(String subject) {
        Entry entry = bySubject.get(subject);
        if (entry == null || entry.at().plus(KEEP).isBefore(clock.instant())) {
            bySubject.remove(subject);
            return null;
        }
        return entry.pending();
    }

    void put(String subject, Session.PendingImport pending) {
        Instant now = clock.instant();
        bySubject.values().removeIf(entry -> entry.at().plus(KEEP).isBefore(now));
        if (pending == null) {
            bySubject.remove(subject);
        } else {
            bySubject.put(subject, new Entry(pending, now));
        }
    }
}
