package dev.breachnotify.audit.report;

import dev.breachnotify.audit.checkpoint.Checkpoints;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The evidence report is anchored by the log's latest signed checkpoint. */
@Singleton
class CheckpointAnchors implements AnchorSource {

    private final Checkpoints checkpoints;

    CheckpointAnchors(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public Optional<Anchor> latest() {
        return checkpoints
                .latest()
                .map(checkpoint -> new Anchor(
                        checkpoint.origin(),
                        checkpoint.treeSize(),
                        checkpoint.rootHash(),
                        checkpoint.issuedAt(),
                        checkpoint.signedNote()));
    }
}
