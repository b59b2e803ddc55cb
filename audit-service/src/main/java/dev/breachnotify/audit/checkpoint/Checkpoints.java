package dev.breachnotify.audit.checkpoint;

import dev.breachnotify.audit.log.AuditLogAppender;
import dev.breachnotify.audit.tree.MerkleStore;
import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.Merkle;
import dev.breachnotify.verifier.ProofException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed checkpoints of the audit log: issues them (every {@code max-entries} entries or {@code max-age},
 * whichever comes first, when the log has grown; or on demand before an export), stores them append-only in
 * {@code audit_checkpoint}, publishes them outside the database, and answers the latest one.
 *
 * <p>Before signing a new checkpoint, the issuer checks the last one: its signature, and a consistency proof
 * from it to the new tree computed from the stored hashes. A log changed under the service (a rewritten entry, a
 * rewritten tree) is thereby refused a fresh signature, and an ERROR says why.
 */
@Singleton
public class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final TransactionOperations<Connection> transactions;
    private final SigningKey key;
    private final CheckpointSettings settings;
    private final CheckpointPublisher publisher;
    private final KeyChanges keyChanges;
    private final Clock clock;

    public Checkpoints(
            TransactionOperations<Connection> transactions,
            SigningKey key,
            CheckpointSettings settings,
            CheckpointPublisher publisher,
            KeyChanges keyChanges,
            Clock clock) {
        this.transactions = transactions;
        this.key = key;
        this.settings = settings;
        this.publisher = publisher;
        this.keyChanges = keyChanges;
        this.clock = clock;
    }

    /** The latest checkpoint, if one was issued. */
    public Optional<SignedCheckpoint> latest() {
        return transactions.executeRead(status -> latest(status.getConnection()));
    }

    /** Issues a checkpoint if the policy says one is due; returns the one issued. */
    public Optional<SignedCheckpoint> issueIfDue() {
        return issue(false);
    }

    /** Issues a checkpoint of the whole log now if it has grown since the last; returns the latest either way. */
    public SignedCheckpoint issueNow() {
        issue(true);
        return latest().orElseThrow(() -> new IllegalStateException("no checkpoint after issuing one"));
    }

    /** A consistency proof between two tree sizes, both within the log. */
    public List<byte[]> consistencyProof(long from, long to) {
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            long size = size(connection);
            if (to > size) {
                throw new IllegalArgumentException("the log has " + size + " entries, fewer than " + to);
            }
            return MerkleStore.hashes(connection, Merkle.consistencyPath(from, to));
        });
    }

    private Optional<SignedCheckpoint> issue(boolean now) {
        Optional<SignedCheckpoint> issued = transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            // The writer's lock: the log does not move while its root is computed and signed
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, AuditLogAppender.WRITER_LOCK);
                lock.execute();
            }
            long size = size(connection);
            Optional<SignedCheckpoint> last = latest(connection);
            if (last.isPresent()) {
                keyChanges.check(last.get());
            }
            Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            if (last.isPresent()) {
                SignedCheckpoint previous = last.get();
                boolean grown = size > previous.treeSize();
                boolean due = size - previous.treeSize() >= settings.maxEntries()
                        || !previous.issuedAt().plus(settings.maxAge()).isAfter(at);
                if (!grown || !(now || due)) {
                    return Optional.<SignedCheckpoint>empty();
                }
                if (!at.isAfter(previous.issuedAt())) {
                    at = previous.issuedAt().plusSeconds(1); // one checkpoint per second at most, in time order
                }
            }
            byte[] root = MerkleStore.root(connection, size);
            if (last.isPresent()) {
                checkGrownFrom(connection, last.get(), size, root);
            }
            Checkpoint checkpoint = new Checkpoint(settings.origin(), size, root, at);
            String note = key.sign(checkpoint.text());
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO audit_checkpoint (tree_size, root_hash, issued_at, origin, signed_note)
                    VALUES (?, ?, ?, ?, ?)""")) {
                insert.setLong(1, size);
                insert.setBytes(2, root);
                insert.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.setString(4, settings.origin());
                insert.setString(5, note);
                insert.executeUpdate();
            }
            return Optional.of(new SignedCheckpoint(settings.origin(), size, root, at, note));
        });
        issued.ifPresent(checkpoint -> {
            publisher.publish(checkpoint);
            LOG.info("Checkpoint of {} entries signed and published", checkpoint.treeSize());
        });
        return issued;
    }

    /**
     * Refuses to sign a tree that does not extend the last checkpoint, or when the last checkpoint bears no
     * signature by a key of this log (the current one, or a previous one after a key rotation).
     */
    private void checkGrownFrom(Connection connection, SignedCheckpoint last, long size, byte[] root)
            throws SQLException {
        Checkpoint.Verified verified;
        try {
            verified = Checkpoint.open(last.signedNote(), settings.origin(), key.trusted());
        } catch (ProofException e) {
            LOG.error(
                    "Refusing to sign a checkpoint of {} entries: the last checkpoint (tree size {}) does not verify "
                            + "with the log's keys: {}. If the signing key was replaced, name the previous key in "
                            + "breachnotify.audit.checkpoint.previous-key-files (docs/audit.md, key rotation); otherwise "
                            + "someone changed the checkpoints under the service.",
                    size,
                    last.treeSize(),
                    e.getMessage());
            throw new IllegalStateException(
                    "the last checkpoint does not verify with the log's keys: " + e.getMessage(), e);
        }
        try {
            Checkpoint signed = verified.checkpoint();
            if (signed.treeSize() != last.treeSize() || !java.util.Arrays.equals(signed.rootHash(), last.rootHash())) {
                throw new ProofException(
                        "the stored columns of checkpoint " + last.treeSize() + " differ from its signed note");
            }
            List<byte[]> proof = MerkleStore.hashes(connection, Merkle.consistencyPath(last.treeSize(), size));
            Merkle.verifyConsistency(last.treeSize(), size, signed.rootHash(), root, proof);
        } catch (ProofException e) {
            LOG.error(
                    "Refusing to sign a checkpoint of {} entries: the log does not extend the last checkpoint "
                            + "(tree size {}): {}. Someone changed the log or its checkpoints under the service.",
                    size,
                    last.treeSize(),
                    e.getMessage());
            throw new IllegalStateException("the log does not extend its last checkpoint: " + e.getMessage(), e);
        }
    }

    private static long size(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT max(idx) FROM audit_log");
                ResultSet row = select.executeQuery()) {
            row.next();
            long last = row.getLong(1);
            return row.wasNull() ? 0 : last + 1;
        }
    }

    private static Optional<SignedCheckpoint> latest(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT origin, tree_size, root_hash, issued_at, signed_note FROM audit_checkpoint
                ORDER BY tree_size DESC LIMIT 1""");
                ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new SignedCheckpoint(
                    row.getString(1),
                    row.getLong(2),
                    row.getBytes(3),
                    row.getObject(4, OffsetDateTime.class).toInstant(),
                    row.getString(5)));
        }
    }
}
