package dev.breachnotify.notifier.escalation;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic tick ({@code breachnotify.notifier.escalation.tick}, default 1 minute) that fires the steps that
 * fell due by the injected {@link java.time.Clock}. All state is in PostgreSQL, so a restart loses nothing: a
 * step that fell due while the service was down fires on the first tick.
 */
@Singleton
public class EscalationScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationScheduler.class);

    private final Escalations escalations;

    public EscalationScheduler(Escalations escalations) {
        this.escalations = escalations;
    }

    @Scheduled(fixedDelay = "${breachnotify.notifier.escalation.tick:1m}", initialDelay = "10s")
    void tick() {
        try {
            escalations.fireDue();
        } catch (Exception e) { // the transaction template may rethrow a checked SQLException as is
            LOG.warn("Escalation tick failed, will retry: {}", e.toString());
        }
    }
}
