package dev.breachnotify.verifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON Lines export of the audit log (format {@value #FORMAT}, version {@value #VERSION}): one JSON object
 * per line, UTF-8, each line ended by {@code \n}. In order:
 * <ol>
 *   <li>the header: {@code {"format":…,"version":1,"origin":…,"filter":{…},"complete":…,"exportedAt":…,
 *       "exportedBy":…}}; {@code complete} is true for an export of the whole log (no filter);</li>
 *   <li>one checkpoint: {@code {"kind":"checkpoint","note":"<signed checkpoint>"}};</li>
 *   <li>optional consistency proofs to it: {@code {"kind":"consistency","fromSize":m,"toSize":n,"proof":[…]}};</li>
 *   <li>the entries in index order: {@code {"kind":"entry","index":i,"prev":p,"treeSize":n,"leafHash":…,
 *       "proof":[…],"proofReused":k,"event":"<canonical JSON>"}} where {@code prev} is the index of the
 *       previous entry of this export (-1 for the first), and the inclusion proof is {@code proof} followed by
 *       the last {@code k} hashes of the previous entry's proof (consecutive entries share the top of their
 *       paths, so an export of the whole log carries about two new hashes per entry);</li>
 *   <li>the end: {@code {"kind":"end","entries":count,"note":"<signed manifest>"}}, the manifest being a
 *       signed note over the count and a digest of the header line and every (index, leaf hash), so that a
 *       removed, added or reordered line, or a cut-off file, is detected even in a filtered export.</li>
 * </ol>
 * Hashes are base64 (standard alphabet, padded), as in the checkpoint. This class writes each line; the
 * {@link ExportVerifier} reads them.
 */
public final class ExportFormat {

    public static final String FORMAT = "breachnotify.audit-export";
    public static final int VERSION = 1;
    /** The second line of a manifest's text, which a checkpoint (a decimal there) can never have. */
    static final String MANIFEST_TAG = "audit-export v" + VERSION;

    private ExportFormat() {}

    /** The header line (without the newline). {@code filter} values that are null are left out. */
    public static String header(
            String origin, Map<String, String> filter, boolean complete, Instant exportedAt, String exportedBy) {
        StringBuilder out = new StringBuilder(256).append("{\"format\":");
        Json.quote(out, FORMAT).append(",\"version\":").append(VERSION).append(",\"origin\":");
        Json.quote(out, origin).append(",\"filter\":{");
        boolean first = true;
        for (Map.Entry<String, String> field : filter.entrySet()) {
            if (field.getValue() == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(out, field.getKey()).append(':');
            Json.quote(out, field.getValue());
        }
        out.append("},\"complete\":").append(complete).append(",\"exportedAt\":");
        Json.quote(out, exportedAt.toString()).append(",\"exportedBy\":");
        return Json.quote(out, exportedBy).append('}').toString();
    }

    /** The checkpoint line. */
    public static String checkpoint(String signedNote) {
        return Json.quote(
                        new StringBuilder(signedNote.length() + 40).append("{\"kind\":\"checkpoint\",\"note\":"),
                        signedNote)
                .append('}')
                .toString();
    }

    /** A consistency line. */
    public static String consistency(long fromSize, long toSize, List<byte[]> proof) {
        StringBuilder out = new StringBuilder(64 + proof.size() * 48);
        out.append("{\"kind\":\"consistency\",\"fromSize\":")
                .append(fromSize)
                .append(",\"toSize\":")
                .append(toSize)
                .append(",\"proof\":");
        hashes(out, proof);
        return out.append('}').toString();
    }

    /** Appends an entry line, newline included. */
    public static void entry(
            StringBuilder out,
            long index,
            long prev,
            long treeSize,
            byte[] leafHash,
            List<byte[]> newProof,
            int reused,
            String eventJson) {
        out.append(new String(
                entry(index, prev, treeSize, leafHash, newProof, reused, eventJson.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }

    /**
     * An entry line in UTF-8, newline included, from the event's canonical JSON in UTF-8 (as the database sends
     * it: the event is quoted byte by byte, never decoded).
     */
    public static byte[] entry(
            long index,
            long prev,
            long treeSize,
            byte[] leafHash,
            List<byte[]> newProof,
            int reused,
            byte[] eventJsonUtf8) {
        StringBuilder head = new StringBuilder(96 + newProof.size() * 48)
                .append("{\"kind\":\"entry\",\"index\":")
                .append(index)
                .append(",\"prev\":")
                .append(prev)
                .append(",\"treeSize\":")
                .append(treeSize)
                .append(",\"leafHash\":\"")
                .append(Base64.getEncoder().encodeToString(leafHash))
                .append("\",\"proof\":");
        hashes(head, newProof);
        head.append(",\"proofReused\":").append(reused).append(",\"event\":");
        byte[] ascii = head.toString().getBytes(StandardCharsets.US_ASCII);
        Utf8Buffer out = new Utf8Buffer(ascii.length + eventJsonUtf8.length + eventJsonUtf8.length / 4 + 8);
        out.write(ascii, 0, ascii.length);
        Json.quoteUtf8(out, eventJsonUtf8);
        out.write('}');
        out.write('\n');
        return out.toByteArray();
    }

    /** The end line. */
    public static String end(long entries, String signedManifest) {
        return Json.quote(
                        new StringBuilder(signedManifest.length() + 48)
                                .append("{\"kind\":\"end\",\"entries\":")
                                .append(entries)
                                .append(",\"note\":"),
                        signedManifest)
                .append('}')
                .toString();
    }

    /** The text of the manifest that the end line signs. */
    public static String manifestText(String origin, long entries, byte[] digest, long treeSize, Instant at) {
        return origin + "\n" + MANIFEST_TAG + "\nentries " + entries + "\ndigest "
                + Base64.getEncoder().encodeToString(digest) + "\ncheckpoint " + treeSize + "\ntime "
                + at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\n";
    }

    /** Signs a manifest; the key name is the origin. */
    public static String signManifest(String text, String origin, PrivateKey privateKey, PublicKey publicKey) {
        return SignedNote.sign(text, origin, privateKey, publicKey);
    }

    private static void hashes(StringBuilder out, List<byte[]> hashes) {
        out.append('[');
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < hashes.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(base64.encodeToString(hashes.get(i))).append('"');
        }
        out.append(']');
    }

    /**
     * The manifest digest: SHA-256 over the UTF-8 header line, a newline, then for each entry its index (8 bytes,
     * big-endian) and leaf hash.
     */
    public static final class Digest {
        private final MessageDigest sha256 = Merkle.sha256();
        private final byte[] index = new byte[8];

        public Digest(String headerLine) {
            sha256.update(headerLine.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        }

        public void entry(long entryIndex, byte[] leafHash) {
            for (int i = 7; i >= 0; i--) {
                index[i] = (byte) entryIndex;
                entryIndex >>>= 8;
            }
            sha256.update(index);
            sha256.update(leafHash);
        }

        public byte[] digest() {
            return sha256.digest();
        }
    }
}
