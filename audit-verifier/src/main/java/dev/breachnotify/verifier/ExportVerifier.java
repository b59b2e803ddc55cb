package dev.breachnotify.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON Lines export ({@link ExportFormat}) against the log's public key, line by line in constant
 * memory: the checkpoint's signature; each entry's leaf hash and inclusion proof; the order of the entries and
 * the link to the previous one; the signed manifest at the end; for a complete export, that the entries are
 * exactly the checkpoint's tree (their root is recomputed); and optionally consistency with an older checkpoint.
 * The first problem stops the check and is reported with its line number and entry index.
 */
public final class ExportVerifier {

    /** What a successful check established. */
    public record Result(
            Checkpoint checkpoint,
            long entries,
            boolean complete,
            Checkpoint older,
            String filter,
            PublicKey signer,
            PublicKey olderSigner) {}

    /** The first problem found: where and what. */
    public static final class Problem extends ProofException {
        private final long line;
        private final Long index;

        Problem(long line, Long index, String message) {
            super("line " + line + (index != null ? " (entry index " + index + ")" : "") + ": " + message);
            this.line = line;
            this.index = index;
        }

        public long line() {
            return line;
        }

        /** The index of the bad entry, or {@code null} if the problem is not in an entry. */
        public Long index() {
            return index;
        }
    }

    private final List<PublicKey> keys;
    private final String olderCheckpoint;
    private final Map<String, Object> externalConsistency;

    /**
     * @param key                 the log's public key
     * @param olderCheckpoint     a signed checkpoint kept from earlier, or {@code null}
     * @param externalConsistency a consistency line read elsewhere ({@code /api/audit/consistency}), or null
     */
    public ExportVerifier(PublicKey key, String olderCheckpoint, Map<String, Object> externalConsistency) {
        this(List.of(key), olderCheckpoint, externalConsistency);
    }

    /**
     * @param keys                the log's public keys: the current one and those it replaced (a checkpoint
     *                            kept from before a key rotation was signed by an earlier key)
     * @param olderCheckpoint     a signed checkpoint kept from earlier, or {@code null}
     * @param externalConsistency a consistency line read elsewhere ({@code /api/audit/consistency}), or null
     */
    public ExportVerifier(List<PublicKey> keys, String olderCheckpoint, Map<String, Object> externalConsistency) {
        this.keys = List.copyOf(keys);
        this.olderCheckpoint = olderCheckpoint;
        this.externalConsistency = externalConsistency;
    }

    /** Verifies the export read from {@code in}; throws {@link Problem} at the first problem. */
    public Result verify(BufferedReader in) throws IOException {
        long lineNumber = 0;
        String line = in.readLine();
        lineNumber++;
        if (line == null) {
            throw new Problem(1, null, "the export is empty");
        }
        Map<String, Object> header = object(line, lineNumber, null);
        if (!ExportFormat.FORMAT.equals(header.get("format"))
                || !Long.valueOf(ExportFormat.VERSION).equals(header.get("version"))) {
            throw new Problem(
                    lineNumber, null, "not a " + ExportFormat.FORMAT + " v" + ExportFormat.VERSION + " export");
        }
        String origin = string(header, "origin", lineNumber, null);
        boolean complete = Boolean.TRUE.equals(header.get("complete"));
        Object filter = header.get("filter");
        ExportFormat.Digest digest = new ExportFormat.Digest(line);

        line = in.readLine();
        lineNumber++;
        if (line == null) {
            throw new Problem(lineNumber, null, "the export ends before its checkpoint: truncated");
        }
        Map<String, Object> checkpointLine = object(line, lineNumber, null);
        if (!"checkpoint".equals(checkpointLine.get("kind"))) {
            throw new Problem(lineNumber, null, "expected the checkpoint line");
        }
        Checkpoint.Verified signed;
        try {
            signed = Checkpoint.open(string(checkpointLine, "note", lineNumber, null), origin, keys);
        } catch (Problem e) {
            throw e;
        } catch (ProofException e) {
            throw new Problem(lineNumber, null, "forged or damaged checkpoint: " + e.getMessage());
        }
        Checkpoint checkpoint = signed.checkpoint();
        byte[] root = checkpoint.rootHash();

        Checkpoint.Verified older = null;
        List<Map<String, Object>> consistencies = new ArrayList<>();
        InclusionCache inclusion = new InclusionCache(checkpoint.treeSize(), root);
        MerkleFrontier frontier = complete ? new MerkleFrontier() : null;
        long previous = -1;
        long count = 0;
        List<byte[]> previousProof = List.of();
        while (true) {
            line = in.readLine();
            lineNumber++;
            if (line == null) {
                throw new Problem(
                        lineNumber,
                        null,
                        "the export ends without its signed end line: truncated after " + count + " entries");
            }
            Map<String, Object> fields = object(line, lineNumber, null);
            Object kind = fields.get("kind");
            if ("consistency".equals(kind)) {
                if (count > 0) {
                    throw new Problem(lineNumber, null, "a consistency line after the entries");
                }
                consistencies.add(fields);
                continue;
            }
            if ("end".equals(kind)) {
                long entries = number(fields, "entries", lineNumber, null);
                if (entries != count) {
                    throw new Problem(
                            lineNumber,
                            null,
                            "the end line counts " + entries + " entries, the file has " + count
                                    + ": entries were removed or added");
                }
                String manifest;
                try {
                    manifest = SignedNote.open(string(fields, "note", lineNumber, null), origin, keys)
                            .text();
                } catch (Problem e) {
                    throw e;
                } catch (ProofException e) {
                    throw new Problem(lineNumber, null, "forged or damaged export manifest: " + e.getMessage());
                }
                String expected = ExportFormat.manifestText(
                        origin, count, digest.digest(), checkpoint.treeSize(), java.time.Instant.EPOCH);
                if (!withoutTime(manifest).equals(withoutTime(expected))) {
                    throw new Problem(
                            lineNumber,
                            null,
                            "the signed manifest does not match the file (it was signed "
                                    + "for other lines): entries or the header were changed, removed, added or reordered");
                }
                if (in.readLine() != null) {
                    throw new Problem(lineNumber + 1, null, "text after the end line");
                }
                break;
            }
            if (!"entry".equals(kind)) {
                throw new Problem(lineNumber, null, "unknown line kind " + kind);
            }
            long index = number(fields, "index", lineNumber, null);
            if (index <= previous) {
                throw new Problem(
                        lineNumber,
                        index,
                        "entries are out of order: index " + index + " follows index " + previous
                                + " (an entry was moved or repeated)");
            }
            long prev = number(fields, "prev", lineNumber, index);
            if (prev != previous) {
                throw new Problem(
                        lineNumber,
                        index,
                        previous < prev
                                ? "entry " + prev + " should precede this one in the export and is missing (deleted)"
                                : "the previous entry of this export should be " + prev + ", not " + previous
                                        + " (an entry was inserted)");
            }
            if (complete && index != count) {
                throw new Problem(
                        lineNumber, index, "the complete log has no gap, and entry " + count + " is missing (deleted)");
            }
            long treeSize = number(fields, "treeSize", lineNumber, index);
            if (treeSize != checkpoint.treeSize()) {
                throw new Problem(
                        lineNumber,
                        index,
                        "the proof is for tree size " + treeSize + ", the checkpoint's is " + checkpoint.treeSize());
            }
            if (index >= treeSize) {
                throw new Problem(
                        lineNumber,
                        index,
                        "index " + index + " is beyond the checkpoint's tree size " + treeSize
                                + " (an entry was inserted)");
            }
            String event = string(fields, "event", lineNumber, index);
            byte[] leaf = Merkle.leafHash(event.getBytes(StandardCharsets.UTF_8));
            byte[] exportedLeaf = hash(string(fields, "leafHash", lineNumber, index), lineNumber, index, "leafHash");
            if (!MessageDigest.isEqual(leaf, exportedLeaf)) {
                throw new Problem(lineNumber, index, "the event was changed: its hash is not the entry's leaf hash");
            }
            List<byte[]> proof = proof(fields, previousProof, lineNumber, index);
            try {
                inclusion.verify(index, leaf, proof);
            } catch (ProofException e) {
                throw new Problem(
                        lineNumber,
                        index,
                        "not in the log as the checkpoint has it (the entry was changed"
                                + " in the log, or its proof is corrupt): " + e.getMessage());
            }
            if (frontier != null) {
                frontier.append(leaf, null);
            }
            digest.entry(index, leaf);
            previousProof = proof;
            previous = index;
            count++;
        }
        if (complete) {
            if (count != checkpoint.treeSize()) {
                throw new Problem(
                        lineNumber,
                        null,
                        "the complete export has " + count + " entries and the checkpoint " + "covers "
                                + checkpoint.treeSize() + ": the log was truncated");
            }
            if (!MessageDigest.isEqual(frontier.root(), root)) {
                throw new Problem(lineNumber, null, "the entries do not make up the checkpoint's root");
            }
        }
        if (olderCheckpoint != null) {
            older = checkOlder(checkpoint, origin, consistencies);
        }
        return new Result(
                checkpoint,
                count,
                complete,
                older == null ? null : older.checkpoint(),
                String.valueOf(filter),
                signed.signer(),
                older == null ? null : older.signer());
    }

    private Checkpoint.Verified checkOlder(Checkpoint newer, String origin, List<Map<String, Object>> consistencies) {
        Checkpoint.Verified signed;
        try {
            signed = Checkpoint.open(olderCheckpoint, origin, keys);
        } catch (ProofException e) {
            throw new Problem(0, null, "the older checkpoint: " + e.getMessage());
        }
        Checkpoint older = signed.checkpoint();
        if (older.treeSize() > newer.treeSize()) {
            throw new Problem(
                    0,
                    null,
                    "the older checkpoint (size " + older.treeSize()
                            + ") is larger than the export's (size " + newer.treeSize() + "): the log was truncated, "
                            + "or export again");
        }
        List<Map<String, Object>> candidates = new ArrayList<>(consistencies);
        if (externalConsistency != null) {
            candidates.add(externalConsistency);
        }
        for (Map<String, Object> line : candidates) {
            Object from = line.get("fromSize");
            Object to = line.get("toSize");
            if (Long.valueOf(older.treeSize()).equals(from)
                    && Long.valueOf(newer.treeSize()).equals(to)) {
                List<byte[]> proof = new ArrayList<>();
                for (Object hash : list(line.get("proof"))) {
                    proof.add(hash(String.valueOf(hash), 0, null, "consistency proof"));
                }
                try {
                    Merkle.verifyConsistency(
                            older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof);
                } catch (ProofException e) {
                    throw new Problem(
                            0, null, "the log is not consistent with the older checkpoint: " + e.getMessage());
                }
                return signed;
            }
        }
        if (older.treeSize() == newer.treeSize() || older.treeSize() == 0) {
            Merkle.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), List.of());
            return signed;
        }
        throw new Problem(
                0,
                null,
                "no consistency proof from tree size " + older.treeSize() + " to "
                        + newer.treeSize() + ": export with consistencyFrom=" + older.treeSize()
                        + ", or pass --consistency with the answer of /api/audit/consistency?from=" + older.treeSize()
                        + "&to=" + newer.treeSize());
    }

    private static String withoutTime(String manifest) {
        return manifest.replaceAll("(?m)^time .*\n", "");
    }

    private static List<byte[]> proof(Map<String, Object> fields, List<byte[]> previousProof, long line, long index) {
        List<Object> fresh = list(fields.get("proof"));
        long reused = number(fields, "proofReused", line, index);
        if (reused < 0 || reused > previousProof.size()) {
            throw new Problem(
                    line,
                    index,
                    "proofReused " + reused + " is more than the previous proof has (" + previousProof.size() + ")");
        }
        List<byte[]> proof = new ArrayList<>(fresh.size() + (int) reused);
        for (Object hash : fresh) {
            if (!(hash instanceof String text)) {
                throw new Problem(line, index, "a proof hash is not a string");
            }
            proof.add(hash(text, line, index, "proof"));
        }
        proof.addAll(previousProof.subList(previousProof.size() - (int) reused, previousProof.size()));
        return proof;
    }

    private static byte[] hash(String base64, long line, Long index, String field) {
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Problem(line, index, field + " is not base64");
        }
        if (hash.length != Merkle.HASH_SIZE) {
            throw new Problem(line, index, field + " has a hash of " + hash.length + " bytes, not 32");
        }
        return hash;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line, long lineNumber, Long index) {
        Object value;
        try {
            value = Json.parse(line);
        } catch (IllegalArgumentException e) {
            throw new Problem(lineNumber, index, "not JSON (" + e.getMessage() + ")");
        }
        if (!(value instanceof Map)) {
            throw new Problem(lineNumber, index, "not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of(value == null ? "missing" : value);
    }

    private static String string(Map<String, Object> fields, String name, long line, Long index) {
        if (!(fields.get(name) instanceof String value)) {
            throw new Problem(line, index, "field " + name + " is missing or not a string");
        }
        return value;
    }

    private static long number(Map<String, Object> fields, String name, long line, Long index) {
        if (!(fields.get(name) instanceof Long value)) {
            throw new Problem(line, index, "field " + name + " is missing or not an integer");
        }
        return value;
    }

    /**
     * Inclusion verification (RFC 9162 section 2.1.3.2) that remembers the states of the last successful run. When
     * a later proof reaches the same state (the same subtree position and hash) with the same remaining hashes,
     * the rest of the computation is the one already done and verified, and is skipped: consecutive entries of an
     * export then cost about two hashes each instead of log2(n).
     */
    static final class InclusionCache {
        private final long size;
        private final byte[] root;
        private long[] fns = new long[0];
        private long[] sns = new long[0];
        private byte[][] rs = new byte[0][];
        private List<byte[]> proof = List.of();

        InclusionCache(long size, byte[] root) {
            this.size = size;
            this.root = root;
        }

        void verify(long index, byte[] leaf, List<byte[]> path) {
            if (index < 0 || index >= size) {
                throw new ProofException("index " + index + " is outside a tree of size " + size);
            }
            int length = Merkle.inclusionLength(index, size);
            if (path.size() != length) {
                throw new ProofException("the inclusion proof has " + path.size() + " hashes, not " + length);
            }
            long[] curFn = new long[length];
            long[] curSn = new long[length];
            byte[][] curR = new byte[length][];
            long fn = index;
            long sn = size - 1;
            byte[] r = leaf;
            int offset = length - proof.size(); // step j here is step j - offset of the remembered run
            for (int j = 0; j < length; j++) {
                int k = j - offset;
                if (j > 0
                        && k >= 0
                        && k < proof.size()
                        && fns[k] == fn
                        && sns[k] == sn
                        && Arrays.equals(rs[k], r)
                        && sameRest(path, j, k)) {
                    for (int i = j; i < length; i++) {
                        curFn[i] = fns[i - offset];
                        curSn[i] = sns[i - offset];
                        curR[i] = rs[i - offset];
                    }
                    remember(curFn, curSn, curR, path);
                    return;
                }
                curFn[j] = fn;
                curSn[j] = sn;
                curR[j] = r;
                byte[] p = path.get(j);
                if (sn == 0) {
                    throw new ProofException("the inclusion proof is longer than the path to the root");
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = Merkle.nodeHash(p, r);
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                } else {
                    r = Merkle.nodeHash(r, p);
                }
                fn >>= 1;
                sn >>= 1;
            }
            if (sn != 0) {
                throw new ProofException("the inclusion proof is shorter than the path to the root");
            }
            if (!MessageDigest.isEqual(r, root)) {
                throw new ProofException("the inclusion proof does not lead to the checkpoint's root");
            }
            remember(curFn, curSn, curR, path);
        }

        private boolean sameRest(List<byte[]> path, int j, int k) {
            for (int i = 0; j + i < path.size(); i++) {
                if (!Arrays.equals(path.get(j + i), proof.get(k + i))) {
                    return false;
                }
            }
            return true;
        }

        private void remember(long[] fn, long[] sn, byte[][] r, List<byte[]> path) {
            fns = fn;
            sns = sn;
            rs = r;
            proof = path;
        }
    }
}
