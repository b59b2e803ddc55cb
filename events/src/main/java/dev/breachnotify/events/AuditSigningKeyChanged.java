package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/**
 * audit-service signs the log's checkpoints with a new key from now on (a key rotation). Published, and
 * acknowledged by Kafka, before the first checkpoint the new key signs, so the change is on the record that the
 * new key's checkpoints then cover. Both keys are public keys; no private key is ever in an event.
 *
 * @param changeId           deterministic per change (the origin, the last tree size, the new key), so a retry
 *                           after a crash is logged once
 * @param origin             the log's name, also the keys' name in signed notes
 * @param previousKey        the C2SP verifier key ({@code name+id+base64}) that signed the last checkpoint
 * @param newKey             the verifier key that signs from now on
 * @param lastTreeSize       the tree size of the last checkpoint the previous key signed
 * @param previousKeyCoSigns {@code true} while the previous key also signs (an orderly rotation: verifiers that
 *                           hold only the previous key keep working); {@code false} when it is only trusted for the
 *                           checkpoints it signed (e.g. after it was compromised)
 * @param changedAt          when the service found the new key in use
 */
public record AuditSigningKeyChanged(
        UUID changeId,
        String origin,
        String previousKey,
        String newKey,
        long lastTreeSize,
        boolean previousKeyCoSigns,
        Instant changedAt)
        implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }

    @Override
    public String advisoryId() {
        return null;
    }
}
