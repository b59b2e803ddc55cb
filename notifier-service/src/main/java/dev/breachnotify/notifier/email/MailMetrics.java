package dev.breachnotify.notifier.email;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mail metrics for Prometheus ({@code /prometheus}, role ADMIN): mails sent, deferred and failed by recipient
 * domain, and the relay's send latency. Only domains with their own limit are named; the rest count as
 * {@code other}, so that the number of series stays small. The retry schedule: {@code breachnotify.mail.retries.waiting}
 * (deferred mails waiting for their next attempt, all instances together), {@code breachnotify.mail.retries.due}
 * (of those, the ones due: a number that stays high says the retrier does not keep up) and
 * {@code breachnotify.mail.retries.next.due} (seconds until the earliest of them is due; 0 when one is overdue or
 * none waits), as the retrier saw them after its last batch.
 */
@Singleton
public class MailMetrics {

    private final MeterRegistry registry;
    private final Set<String> namedDomains;
    private final Timer sendLatency;
    private final AtomicLong retriesWaiting = new AtomicLong();
    private final AtomicLong retriesDue = new AtomicLong();
    private final AtomicLong nextRetryDueMillis = new AtomicLong();

    public MailMetrics(MeterRegistry registry, EmailSettings settings) {
        this.registry = registry;
        this.namedDomains = Set.copyOf(settings.limitsByDomain().keySet());
        this.sendLatency = Timer.builder("breachnotify.mail.send")
                .description("time the relay took for one mail")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("breachnotify.mail.retries.waiting", retriesWaiting, AtomicLong::get)
                .description("deferred mails waiting for their next attempt (all instances)")
                .register(registry);
        Gauge.builder("breachnotify.mail.retries.due", retriesDue, AtomicLong::get)
                .description("of the waiting retries, those whose next attempt is due (all instances)")
                .register(registry);
        Gauge.builder("breachnotify.mail.retries.next.due", nextRetryDueMillis, millis -> millis.get() / 1000.0)
                .description("seconds until the earliest waiting retry is due; 0 when one is overdue or none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The retry backlog as the retrier saw it at {@code now}. */
    void retries(DeliveryStore.Backlog backlog, Instant now) {
        retriesWaiting.set(backlog.waiting());
        retriesDue.set(backlog.due());
        nextRetryDueMillis.set(
                backlog.nextDue() == null
                        ? 0
                        : Math.max(0, Duration.between(now, backlog.nextDue()).toMillis()));
    }

    void record(String recipient, SendOutcome outcome, Duration took) {
        sendLatency.record(took);
        String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        Counter.builder("breachnotify.mail."
                        + switch (outcome.kind()) {
                            case SENT -> "sent";
                            case TRANSIENT -> "deferred";
                            case PERMANENT -> "failed";
                        })
                .tag("domain", namedDomains.contains(domain) ? domain : "other")
                .register(registry)
                .increment();
    }
}
