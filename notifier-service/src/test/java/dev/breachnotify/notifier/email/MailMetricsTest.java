package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MailMetrics metrics = new MailMetrics(registry, new EmailSettings());
    private final Instant now = Instant.parse("2026-12-05T01:00:00Z");

    @Test
    void theRetryBacklogShowsWaitingDueAndSecondsToTheNext() {
        metrics.retries(new DeliveryStore.Backlog(120, 0, now.plusMillis(7_500)), now);

        assertThat(gauge("breachnotify.mail.retries.waiting")).isEqualTo(120);
        assertThat(gauge("breachnotify.mail.retries.due")).isZero();
        assertThat(gauge("breachnotify.mail.retries.next.due")).isEqualTo(7.5);
    }

    @Test
    void anOverdueRetryIsDueNowNotInThePast() {
        metrics.retries(new DeliveryStore.Backlog(3, 3, now.minusSeconds(40)), now);

        assertThat(gauge("breachnotify.mail.retries.due")).isEqualTo(3);
        assertThat(gauge("breachnotify.mail.retries.next.due")).isZero();
    }

    @Test
    void anEmptyBacklogIsZeroEverywhere() {
        metrics.retries(new DeliveryStore.Backlog(9, 1, now), now);
        metrics.retries(new DeliveryStore.Backlog(0, 0, null), now);

        assertThat(gauge("breachnotify.mail.retries.waiting")).isZero();
        assertThat(gauge("breachnotify.mail.retries.due")).isZero();
        assertThat(gauge("breachnotify.mail.retries.next.due")).isZero();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
