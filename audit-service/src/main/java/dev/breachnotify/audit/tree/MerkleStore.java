package dev.breachnotify.audit.tree;

import dev.breachnotify.audit.db.CopyRows;
import dev.breachnotify.verifier.Merkle;
import dev.breachnotify.verifier.MerkleFrontier;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Merkle tree of the audit log as PostgreSQL keeps it: every perfect subtree, leaves included, in
 * {@code audit_merkle_node} (see {@code V2__merkle_checkpoints.sql}). All the math is
 * {@link Merkle}'s; this class only reads and writes hashes, always on the caller's connection (and so in the
 * caller's transaction and snapshot).
 */
public final class MerkleStore {

    /**
     * The subtrees of a few index spans, one per level. Each span is its own range scan of the primary key: the
     * {@code OFFSET 0} keeps PostgreSQL from flattening the lateral subquery into a join of the whole table with the
     * spans, the plan it chose once {@code audit_merkle_node} had statistics (a hash join that read all 2,000,000
     * subtrees of a 1,000,000-entry log for every chunk of an export).
     */
    public static final String SPANS_QUERY = """
            SELECT r.level, n.idx, n.hash FROM unnest(?::smallint[], ?::bigint[], ?::bigint[]) AS r(level, lo, hi)
            CROSS JOIN LATERAL (SELECT idx, hash FROM audit_merkle_node
                                WHERE level = r.level AND idx BETWEEN r.lo AND r.hi OFFSET 0) n""";

    /** Single subtrees, each a primary-key lookup; fenced by {@code OFFSET 0} as {@link #SPANS_QUERY} is. */
    public static final String POINTS_QUERY = """
            SELECT w.level, n.idx, n.hash FROM unnest(?::smallint[], ?::bigint[]) AS w(level, idx)
            CROSS JOIN LATERAL (SELECT idx, hash FROM audit_merkle_node
                                WHERE level = w.level AND idx = w.idx OFFSET 0) n""";

    private MerkleStore() {}

    /** The right edge of the tree of {@code size} leaves, ready to append to. */
    public static MerkleFrontier frontier(Connection connection, long size) throws SQLException {
        List<Merkle.Node> nodes = Merkle.frontier(size);
        Map<Merkle.Node, byte[]> hashes = lookup(connection, nodes);
        List<byte[]> edge = new ArrayList<>(nodes.size());
        for (Merkle.Node node : nodes) {
            edge.add(hashes.get(node));
        }
        return new MerkleFrontier(size, edge);
    }

    /** The root of the tree of {@code size} leaves. */
    public static byte[] root(Connection connection, long size) throws SQLException {
        return frontier(connection, size).root();
    }

    /** The hashes of the given ranges (proof elements), in order. */
    public static List<byte[]> hashes(Connection connection, List<Merkle.Range> ranges) throws SQLException {
        Set<Merkle.Node> needed = new HashSet<>();
        for (Merkle.Range range : ranges) {
            needed.addAll(range.cover());
        }
        Map<Merkle.Node, byte[]> found = lookup(connection, needed);
        List<byte[]> hashes = new ArrayList<>(ranges.size());
        for (Merkle.Range range : ranges) {
            hashes.add(Merkle.hashRange(range, found::get));
        }
        return hashes;
    }

    /**
     * The hashes of the given perfect subtrees (leaves included), in one query whatever their number.
     *
     * <p>Kept in small methods of one loop each: an export calls this for every chunk, and the JIT compiles (and,
     * when a branch first runs, recompiles) each method whole; a single large method with several loops cost the
     * first export of a fresh service seconds of compiling.
     *
     * @throws MissingNodeException if one is not stored (the tree is behind the log)
     */
    public static Map<Merkle.Node, byte[]> lookup(Connection connection, Collection<Merkle.Node> nodes)
            throws SQLException {
        Map<Merkle.Node, byte[]> found = new HashMap<>(nodes.size() * 2);
        if (nodes.isEmpty()) {
            return found;
        }
        Spans spans = Spans.of(nodes);
        if (spans.dense(nodes.size())) {
            readSpans(connection, spans, spans.wanted(nodes), found);
        } else {
            readPoints(connection, nodes, found);
        }
        if (found.size() != nodes.size()) {
            for (Merkle.Node node : nodes) {
                if (!found.containsKey(node)) {
                    throw new MissingNodeException(node);
                }
            }
        }
        return found;
    }

    /**
     * Per level, the span of the wanted indexes. Consecutive entries (an export of a range, or of the whole log) want
     * dense spans: one index range scan per level beats thousands of point lookups.
     */
    private record Spans(long[] low, long[] high) {

        private static final int LEVELS = 63;

        static Spans of(Collection<Merkle.Node> nodes) {
            long[] low = new long[LEVELS];
            long[] high = new long[LEVELS];
            java.util.Arrays.fill(low, Long.MAX_VALUE);
            java.util.Arrays.fill(high, -1);
            for (Merkle.Node node : nodes) {
                int level = node.level();
                low[level] = Math.min(low[level], node.index());
                high[level] = Math.max(high[level], node.index());
            }
            return new Spans(low, high);
        }

        /** Whether the spans hold at most four rows per wanted node. */
        boolean dense(int wanted) {
            long spanned = 0;
            for (int level = 0; level < LEVELS; level++) {
                if (high[level] >= 0) {
                    spanned += high[level] - low[level] + 1;
                }
            }
            return spanned <= 4L * wanted;
        }

        /** Which offsets within each level's span are wanted: a bit per candidate row instead of a node per row. */
        BitSet[] wanted(Collection<Merkle.Node> nodes) {
            BitSet[] wanted = new BitSet[LEVELS];
            for (Merkle.Node node : nodes) {
                int level = node.level();
                if (wanted[level] == null) {
                    wanted[level] = new BitSet((int) (high[level] - low[level] + 1));
                }
                wanted[level].set((int) (node.index() - low[level]));
            }
            return wanted;
        }

        /** The levels, lows and highs of the non-empty spans, as PostgreSQL arrays. */
        Array[] arrays(Connection connection) throws SQLException {
            List<Short> levels = new ArrayList<>();
            List<Long> lows = new ArrayList<>();
            List<Long> highs = new ArrayList<>();
            for (int level = 0; level < LEVELS; level++) {
                if (high[level] >= 0) {
                    levels.add((short) level);
                    lows.add(low[level]);
                    highs.add(high[level]);
                }
            }
            return new Array[] {
                connection.createArrayOf("smallint", levels.toArray()),
                connection.createArrayOf("bigint", lows.toArray()),
                connection.createArrayOf("bigint", highs.toArray())
            };
        }
    }

    private static void readSpans(Connection connection, Spans spans, BitSet[] wanted, Map<Merkle.Node, byte[]> found)
            throws SQLException {
        Array[] arrays = spans.arrays(connection);
        try (PreparedStatement select = connection.prepareStatement(SPANS_QUERY)) {
            for (int i = 0; i < arrays.length; i++) {
                select.setArray(i + 1, arrays[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                collectWanted(rows, spans.low(), wanted, found);
            }
        }
    }

    private static void collectWanted(ResultSet rows, long[] low, BitSet[] wanted, Map<Merkle.Node, byte[]> found)
            throws SQLException {
        while (rows.next()) {
            int level = rows.getShort(1);
            long index = rows.getLong(2);
            if (wanted[level].get((int) (index - low[level]))) {
                found.put(new Merkle.Node(level, index), rows.getBytes(3));
            }
        }
    }

    private static void readPoints(Connection connection, Collection<Merkle.Node> nodes, Map<Merkle.Node, byte[]> found)
            throws SQLException {
        Short[] levels = new Short[nodes.size()];
        Long[] indexes = new Long[nodes.size()];
        int i = 0;
        for (Merkle.Node node : nodes) {
            levels[i] = (short) node.level();
            indexes[i++] = node.index();
        }
        try (PreparedStatement select = connection.prepareStatement(POINTS_QUERY)) {
            select.setArray(1, connection.createArrayOf("smallint", levels));
            select.setArray(2, connection.createArrayOf("bigint", indexes));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(new Merkle.Node(rows.getShort(1), rows.getLong(2)), rows.getBytes(3));
                }
            }
        }
    }

    /** Adds completed subtrees to a batch; {@link #flush} writes them (one {@code COPY}). */
    public static final class NodeWriter implements MerkleFrontier.Sink {
        private final Connection connection;
        private final CopyRows rows = new CopyRows("audit_merkle_node", "level, idx, hash");

        public NodeWriter(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void completed(Merkle.Node node, byte[] hash) {
            rows.int16(node.level()).int64(node.index()).bytes(hash).endRow();
        }

        /** Adds a leaf (level 0). */
        public void leaf(long index, byte[] leafHash) {
            completed(new Merkle.Node(0, index), leafHash);
        }

        int pending() {
            return rows.pending();
        }

        public int flush() throws SQLException {
            return (int) rows.copyInto(connection);
        }
    }

    /**
     * Builds the stored tree for a log written before it existed: reads every leaf once, in order, and inserts it
     * and the subtrees it completes. Only into an empty table; a tree that is partly there is not guessed at.
     *
     * @return the number of hashes inserted
     */
    public static long backfill(Connection connection) throws SQLException {
        try (PreparedStatement existing = connection.prepareStatement("SELECT 1 FROM audit_merkle_node LIMIT 1");
                ResultSet any = existing.executeQuery()) {
            if (any.next()) {
                throw new IllegalStateException("the Merkle tree is incomplete but not empty: it was changed under "
                        + "the service; restore it from a backup");
            }
        }
        long inserted = 0;
        MerkleFrontier frontier = new MerkleFrontier();
        NodeWriter writer = new NodeWriter(connection);
        try (PreparedStatement select =
                connection.prepareStatement("SELECT idx, leaf_hash FROM audit_log ORDER BY idx")) {
            select.setFetchSize(5000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    writer.leaf(rows.getLong(1), rows.getBytes(2));
                    frontier.append(rows.getBytes(2), writer);
                    if (writer.pending() >= 5000) {
                        inserted += writer.flush();
                    }
                }
            }
            inserted += writer.flush();
        }
        return inserted;
    }

    /** A subtree the tree should have and the table does not. */
    public static final class MissingNodeException extends IllegalStateException {
        public MissingNodeException(Merkle.Node node) {
            super("the Merkle tree has no hash for the " + (1L << node.level()) + " leaves from index " + node.start()
                    + " (level " + node.level() + ", index " + node.index() + ")");
        }
    }
}
