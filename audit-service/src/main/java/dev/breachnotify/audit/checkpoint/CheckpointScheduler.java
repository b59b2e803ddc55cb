package dev.breachnotify.audit.checkpoint;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks for a checkpoint every {@code breachnotify.audit.checkpoint.check-every} (default 1 s); {@link Checkpoints}
 * issues one when the policy says so. Switched off with {@code breachnotify.audit.checkpoint.enabled=false}.
 */
@Singleton
@Requires(property = "breachnotify.audit.checkpoint.enabled", notEquals = "false")
public class CheckpointScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointScheduler.class);

    private final Checkpoints checkpoints;

    public CheckpointScheduler(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Scheduled(fixedDelay = "${breachnotify.audit.checkpoint.check-every:1s}", initialDelay = "1s")
    void tick() {
        try {
            checkpoints.issueIfDue();
        } catch (RuntimeException e) {
            LOG.error("Could not issue a checkpoint: {}", e.getMessage());
            LOG.debug("Checkpoint failure", e);
        }
    }
}
