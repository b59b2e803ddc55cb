package dev.breachnotify.audit.export;

import dev.breachnotify.audit.checkpoint.SignedCheckpoint;
import dev.breachnotify.audit.checkpoint.SigningKey;
import dev.breachnotify.audit.tree.MerkleStore;
import dev.breachnotify.verifier.ExportFormat;
import dev.breachnotify.verifier.Merkle;
import dev.breachnotify.verifier.ProofStream;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The verifiable export: JSON Lines in the format of {@link ExportFormat} (documented in {@code docs/audit.md}),
 * each entry with its inclusion proof against one signed checkpoint, ended by a signed manifest.
 *
 * <p>Like the CSV export it reads one REPEATABLE READ snapshot through a cursor, {@value #BATCH} rows at a time, and
 * produces chunks only as fast as the client takes them. For each batch it works out which proof hashes the batch
 * needs that earlier entries did not already carry ({@link ProofStream}), and reads those in two queries from the
 * stored tree ({@link MerkleStore}); memory stays flat whatever the size of the log.
 */
@Singleton
public class JsonlExport {

    static final int BATCH = 2000;
    private static final byte[] NOTHING = new byte[0];

    private final DataSource dataSource;
    private final Scheduler scheduler;
    private final SigningKey key;
    private final Clock clock;

    public JsonlExport(
            DataSource dataSource,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
            SigningKey key,
            Clock clock) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.scheduler = Schedulers.fromExecutorService(blocking, "audit-export-jsonl");
        this.key = key;
        this.clock = clock;
    }

    /**
     * The export of the entries matching {@code filter} that the checkpoint covers.
     *
     * @param consistencyFrom a tree size to add a consistency proof from (to the checkpoint), or {@code null}
     */
    public Flux<byte[]> export(
            ExportFilter filter, boolean all, SignedCheckpoint checkpoint, Long consistencyFrom, String exportedBy) {
        return Downloads.stream(
                () -> Cursor.open(
                        dataSource, filter, all, checkpoint, consistencyFrom, exportedBy, key, clock.instant()),
                scheduler);
    }

    /** The header's filter object: the filter as given. */
    static Map<String, String> filterFields(ExportFilter filter) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("advisoryId", filter.advisoryId());
        fields.put("practiceId", filter.practiceId());
        fields.put("from", filter.from() == null ? null : filter.from().toString());
        fields.put("to", filter.to() == null ? null : filter.to().toString());
        return fields;
    }

    private static final class Cursor implements Downloads.Chunks {
        private final Connection cursorConnection;
        private final EntryPrefetch entries;
        private final Connection connection;
        private final SignedCheckpoint checkpoint;
        private final String origin;
        private final SigningKey key;
        private final Instant exportedAt;
        private final ProofStream proofs;
        private String preamble;
        private ExportFormat.Digest digest;
        private long previous = -1;
        private long count;
        private boolean done;
        private boolean closed;

        private Cursor(
                Connection cursorConnection,
                SqlCursor rows,
                Connection connection,
                SignedCheckpoint checkpoint,
                SigningKey key,
                Instant exportedAt) {
            this.cursorConnection = cursorConnection;
            this.entries = new EntryPrefetch(rows, BATCH);
            this.connection = connection;
            this.checkpoint = checkpoint;
            this.origin = checkpoint.origin();
            this.key = key;
            this.exportedAt = exportedAt;
            this.proofs = new ProofStream(checkpoint.treeSize());
        }

        static Cursor open(
                DataSource dataSource,
                ExportFilter filter,
                boolean all,
                SignedCheckpoint checkpoint,
                Long consistencyFrom,
                String exportedBy,
                SigningKey key,
                Instant now)
                throws SQLException {
            StringBuilder sql = new StringBuilder("SELECT idx, leaf_hash, canonical_json FROM audit_log WHERE idx < ?");
            List<Object> parameters = new ArrayList<>();
            parameters.add(checkpoint.treeSize());
            filter.appendConditions(sql, parameters);
            sql.append(" ORDER BY idx");
            // Two connections: the entries' cursor is read ahead on a thread of its own (EntryPrefetch), the proof
            // hashes are looked up on the other. The tree's nodes up to the checkpoint never change, so they need
            // not be read in the cursor's snapshot.
            Connection cursorConnection = dataSource.getConnection();
            Connection connection = null;
            Cursor cursor = null;
            try {
                SqlCursor rows = SqlCursor.open(cursorConnection, sql.toString(), parameters, BATCH);
                connection = dataSource.getConnection();
                cursor = new Cursor(cursorConnection, rows, connection, checkpoint, key, now);
                boolean complete = all && filter.isEmpty();
                String header =
                        ExportFormat.header(checkpoint.origin(), filterFields(filter), complete, now, exportedBy);
                StringBuilder preamble = new StringBuilder(header)
                        .append('\n')
                        .append(ExportFormat.checkpoint(checkpoint.signedNote()))
                        .append('\n');
                if (consistencyFrom != null) {
                    List<byte[]> proof = MerkleStore.hashes(
                            connection, Merkle.consistencyPath(consistencyFrom, checkpoint.treeSize()));
                    preamble.append(ExportFormat.consistency(consistencyFrom, checkpoint.treeSize(), proof))
                            .append('\n');
                }
                cursor.preamble = preamble.toString();
                cursor.digest = new ExportFormat.Digest(header);
                return cursor;
            } catch (SQLException | RuntimeException e) {
                if (cursor != null) {
                    cursor.close();
                } else {
                    Downloads.release(cursorConnection);
                    if (connection != null) {
                        Downloads.release(connection);
                    }
                }
                throw e;
            }
        }

        /**
         * The next chunk: up to {@value #BATCH} entries; {@code null} at the end. Meanwhile the next batch is read.
         */
        @Override
        public synchronized byte[] nextChunk() throws SQLException {
            if (done) {
                return null;
            }
            EntryPrefetch.Batch batch = entries.next();
            int size = batch.size();
            List<ProofStream.Step> steps = new ArrayList<>(size);
            Set<Merkle.Node> needed = new HashSet<>();
            plan(batch.indexes(), size, steps, needed);
            Map<Merkle.Node, byte[]> hashes = MerkleStore.lookup(connection, needed);
            long[] previousIndexes = chain(batch, size);
            byte[][] lines = lines(batch, steps, hashes, previousIndexes);
            byte[] head = preamble == null ? NOTHING : preamble.getBytes(StandardCharsets.UTF_8);
            preamble = null;
            byte[] tail = NOTHING;
            if (size < BATCH) {
                String manifest = key.sign(
                        ExportFormat.manifestText(origin, count, digest.digest(), checkpoint.treeSize(), exportedAt));
                tail = (ExportFormat.end(count, manifest) + "\n").getBytes(StandardCharsets.UTF_8);
                done = true;
            }
            return concat(head, lines, tail);
        }

        /** One chunk of exactly the lines' length: each line is copied once (a chunk is about 1.5 MB). */
        private static byte[] concat(byte[] head, byte[][] lines, byte[] tail) {
            int length = head.length + tail.length;
            for (byte[] line : lines) {
                length += line.length;
            }
            byte[] chunk = new byte[length];
            System.arraycopy(head, 0, chunk, 0, head.length);
            int at = head.length;
            for (byte[] line : lines) {
                System.arraycopy(line, 0, chunk, at, line.length);
                at += line.length;
            }
            System.arraycopy(tail, 0, chunk, at, tail.length);
            return chunk;
        }

        /* nextChunk's steps, each a small method of its own, so that the JIT compiles them quickly and apart. */

        /** The proof step of each entry (in order: each may reuse the previous one's hashes), and the nodes they need. */
        private void plan(long[] indexes, int size, List<ProofStream.Step> steps, Set<Merkle.Node> needed) {
            for (int i = 0; i < size; i++) {
                ProofStream.Step step = proofs.next(indexes[i]);
                steps.add(step);
                for (Merkle.Range range : step.fresh()) {
                    needed.addAll(range.cover());
                }
            }
        }

        /** Adds the batch to the manifest's digest; returns each entry's predecessor in the export. */
        private long[] chain(EntryPrefetch.Batch batch, int size) {
            long[] indexes = batch.indexes();
            byte[][] leaves = batch.leaves();
            long[] previousIndexes = new long[size];
            for (int i = 0; i < size; i++) {
                previousIndexes[i] = previous;
                previous = indexes[i];
                digest.entry(previous, leaves[i]);
            }
            count += size;
            return previousIndexes;
        }

        /** The lines, which need only their own entry, written on all cores from the events' UTF-8 bytes. */
        private byte[][] lines(
                EntryPrefetch.Batch batch,
                List<ProofStream.Step> steps,
                Map<Merkle.Node, byte[]> hashes,
                long[] previousIndexes) {
            long[] indexes = batch.indexes();
            byte[][] leaves = batch.leaves();
            byte[][] events = batch.events();
            long treeSize = checkpoint.treeSize();
            return IntStream.range(0, batch.size())
                    .parallel()
                    .mapToObj(i ->
                            line(steps.get(i), hashes, indexes[i], previousIndexes[i], treeSize, leaves[i], events[i]))
                    .toArray(byte[][]::new);
        }

        private static byte[] line(
                ProofStream.Step step,
                Map<Merkle.Node, byte[]> hashes,
                long index,
                long previousIndex,
                long treeSize,
                byte[] leaf,
                byte[] event) {
            List<byte[]> fresh = new ArrayList<>(step.fresh().size());
            for (Merkle.Range range : step.fresh()) {
                fresh.add(Merkle.hashRange(range, hashes::get));
            }
            return ExportFormat.entry(index, previousIndex, treeSize, leaf, fresh, step.reused(), event);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            done = true;
            entries.close();
            Downloads.release(cursorConnection);
            Downloads.release(connection);
        }
    }
}
