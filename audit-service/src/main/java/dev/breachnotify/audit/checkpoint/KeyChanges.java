package dev.breachnotify.audit.checkpoint;

import dev.breachnotify.events.AuditSigningKeyChanged;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.NoteKeys;
import dev.breachnotify.verifier.ProofException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a key rotation on the record: when the last checkpoint was signed by a previous key, an
 * {@code audit.signing.key.changed} event goes to audit-service's own topic, acknowledged by Kafka, before the new key
 * signs its first checkpoint, which thereby covers the change once the log has appended it. The event's id is
 * derived from the change, so a retry after a crash is logged once.
 */
@Singleton
public class KeyChanges {

    private static final Logger LOG = LoggerFactory.getLogger(KeyChanges.class);

    private final SigningKey key;
    private final EventPublisher publisher;
    private final EventFactory events;
    private final Clock clock;
    /** The tree size of the last checkpoint checked; only the issuing transaction (one at a time) writes it. */
    private volatile long checkedSize = -1;

    public KeyChanges(SigningKey key, EventPublisher publisher, EventFactory events, Clock clock) {
        this.key = key;
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a change if the last checkpoint was signed by a previous key, once per last checkpoint. Runs before
     * every checkpoint is issued, and on every check of the policy, so a quiet log records the change too (the event
     * itself then makes the log grow, and the next checkpoint, signed by the new key, covers it). A last checkpoint
     * that does not verify is left to the consistency check, which refuses to sign after it.
     */
    void check(SignedCheckpoint last) {
        if (last.treeSize() == checkedSize) {
            return;
        }
        Checkpoint.Verified verified;
        try {
            verified = Checkpoint.open(last.signedNote(), key.name(), key.trusted());
        } catch (ProofException e) {
            return;
        }
        PublicKey signer = verified.signer();
        if (!signer.equals(key.publicKey())) {
            record(last.treeSize(), signer);
        }
        checkedSize = last.treeSize();
    }

    private void record(long treeSize, PublicKey signer) {
        String previous = NoteKeys.verifierKey(key.name(), signer);
        String current = key.verifierKey();
        UUID changeId = UUID.nameUUIDFromBytes(
                (key.name() + "\n" + treeSize + "\n" + current).getBytes(StandardCharsets.UTF_8));
        boolean coSigns = key.coSigns(signer);
        publisher.publish(events.wrap(
                changeId,
                new AuditSigningKeyChanged(
                        changeId, key.name(), previous, current, treeSize, coSigns, clock.instant())));
        LOG.warn(
                "The checkpoint signing key of {} changed after tree size {}: {} signed until now, {} signs from now "
                        + "on{}. Publish the new public key out of band (docs/audit.md, keys and roles).",
                key.name(),
                treeSize,
                NoteKeys.fingerprint(signer),
                NoteKeys.fingerprint(key.publicKey()),
                coSigns ? ", the previous key co-signs" : "");
    }
}
