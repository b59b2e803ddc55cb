package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DomainThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();
    private final DomainThrottle throttle = new DomainThrottle(
            new EmailSettings.DomainLimit(100, 4),
            Map.of("t-online.de", new EmailSettings.DomainLimit(5, 2)),
            now::get,
            nanos -> {
                slept.addAndGet(nanos);
                now.addAndGet(nanos);
            });

    @Test
    void aThrottledDomainGetsAtMostItsRateAfterTheFirstBurst() throws Exception {
        for (int i = 0; i < 25; i++) {
            throttle.acquire("T-Online.de").close();
        }

        // 5 at once from the full bucket, then 20 more at 5/s
        assertThat(slept.get() / 1e9).isBetween(3.9, 4.1);
    }

    @Test
    void otherDomainsAreNotSlowedByAThrottledOne() throws Exception {
        for (int i = 0; i < 10; i++) {
            throttle.acquire("t-online.de").close();
        }
        long sleptForTOnline = slept.get();

        for (int i = 0; i < 50; i++) {
            throttle.acquire("example.org").close();
        }

        assertThat(slept.get()).isEqualTo(sleptForTOnline);
    }

    @Test
    void concurrencyPerDomainIsLimited() throws Exception {
        DomainThrottle.Permit first = throttle.acquire("t-online.de");
        DomainThrottle.Permit second = throttle.acquire("t-online.de");
        Thread third = new Thread(() -> {
            try {
                throttle.acquire("t-online.de").close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        third.join(200);
        assertThat(third.isAlive())
                .as("a third concurrent send to t-online.de waits")
                .isTrue();

        first.close();
        third.join(5_000);
        assertThat(third.isAlive()).isFalse();
        second.close();
    }

    @Test
    void limitsAreReadFromTheirSettingsWithAClearErrorForABadOne() {
        EmailSettings settings = new EmailSettings();
        settings.setDomainLimits(List.of("Web.de=10/2", "example.org=1.5/1"));

        assertThat(settings.limitsByDomain())
                .containsEntry("web.de", new EmailSettings.DomainLimit(10, 2))
                .containsEntry("example.org", new EmailSettings.DomainLimit(1.5, 1));
        settings.setDomainLimits(List.of("gmx.de=fast"));
        assertThatThrownBy(settings::limitsByDomain).hasMessageContaining("'fast' is not <mails per second>/<at once>");
    }
}
