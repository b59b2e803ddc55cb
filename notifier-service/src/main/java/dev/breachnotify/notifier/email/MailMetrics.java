package dev.breachnotify.notifier.email;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Mail metrics for Prometheus ({@code /prometheus}, role ADMIN): mails sent, deferred and failed by recipient
 * domain, and the relay's send latency. Only domains with their own limit are named; the rest count as
 * {@code other}, so that the number of series stays small.
 */
@Singleton
public class MailMetrics {

    private final MeterRegistry registry;
    private final Set<String> namedDomains;
    private final Timer sendLatency;

    public MailMetrics(MeterRegistry registry, EmailSettings settings) {
        this.registry = registry;
        this.namedDomains = Set.copyOf(settings.limitsByDomain().keySet());
        this.sendLatency = Timer.builder("breachnotify.mail.send")
                .description("time the relay took for one mail")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
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
