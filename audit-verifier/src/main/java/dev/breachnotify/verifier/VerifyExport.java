package dev.breachnotify.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The offline verifier:
 * <pre>
 * java -jar audit-verifier.jar --public-key audit-public-key.pem export.jsonl
 *      [--older-checkpoint old-checkpoint.txt] [--consistency consistency.json]
 * </pre>
 * {@code --public-key} may be given more than once, and a key file may hold several keys: after a key rotation,
 * the log's keys are its current key and the ones it replaced.
 * Exit code 0 when everything verifies, 1 when something does not (the first problem is named: line, entry index,
 * what is wrong), 2 for a usage or file error. Needs a JDK 17 and nothing else.
 */
public final class VerifyExport {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: java -jar audit-verifier.jar --public-key <audit-public-key.pem> <export.jsonl>
                   [--older-checkpoint <checkpoint.txt>] [--consistency <consistency.json>]
              --public-key        the log's Ed25519 public key: PEM (BEGIN PUBLIC KEY) or a signed-note verifier key;
                                  repeat it (or put several keys in one file) for the keys of before a key rotation
              --older-checkpoint  a checkpoint kept from earlier: the log must have grown from it, never changed
              --consistency       a consistency proof from /api/audit/consistency, if the export does not carry one
              --stats             also print the time taken and the peak heap used""";

    private VerifyExport() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> keyFiles = new ArrayList<>();
        Path export = null;
        Path older = null;
        Path consistency = null;
        boolean stats = false;
        long started = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--public-key", "--older-checkpoint", "--consistency" -> {
                    if (i + 1 >= args.length) {
                        err.println("verify: " + arg + " needs a file\n" + USAGE_TEXT);
                        return USAGE;
                    }
                    Path file = Path.of(args[++i]);
                    switch (arg) {
                        case "--public-key" -> keyFiles.add(file);
                        case "--older-checkpoint" -> older = file;
                        default -> consistency = file;
                    }
                }
                case "--stats" -> stats = true;
                case "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    return OK;
                }
                default -> {
                    if (arg.startsWith("-") || export != null) {
                        err.println("verify: unexpected argument " + arg + "\n" + USAGE_TEXT);
                        return USAGE;
                    }
                    export = Path.of(arg);
                }
            }
        }
        if (keyFiles.isEmpty() || export == null) {
            err.println("verify: name the public key and the export\n" + USAGE_TEXT);
            return USAGE;
        }
        List<PublicKey> keys = new ArrayList<>();
        String olderNote = null;
        Map<String, Object> consistencyLine = null;
        try {
            for (Path keyFile : keyFiles) {
                keys.addAll(NoteKeys.parsePublicKeys(
                        Files.readString(keyFile, StandardCharsets.UTF_8), keyFile.toString()));
            }
            if (older != null) {
                olderNote = Files.readString(older, StandardCharsets.UTF_8);
            }
            if (consistency != null) {
                consistencyLine = consistencyLine(Files.readString(consistency, StandardCharsets.UTF_8), consistency);
            }
        } catch (IOException e) {
            err.println("verify: cannot read " + e.getMessage());
            return USAGE;
        } catch (ProofException e) {
            err.println("verify: " + e.getMessage());
            return USAGE;
        }
        try (BufferedReader in = new BufferedReader(Files.newBufferedReader(export, StandardCharsets.UTF_8), 1 << 16)) {
            ExportVerifier.Result result = new ExportVerifier(keys, olderNote, consistencyLine).verify(in);
            Checkpoint checkpoint = result.checkpoint();
            out.printf(
                    "OK %s: %d entries verified against the checkpoint of %s, tree size %d, root %s, signed %s"
                            + " by key %s%n",
                    export,
                    result.entries(),
                    checkpoint.origin(),
                    checkpoint.treeSize(),
                    Base64.getEncoder().encodeToString(checkpoint.rootHash()),
                    checkpoint.issuedAt(),
                    NoteKeys.fingerprint(result.signer()));
            out.println(
                    result.complete()
                            ? "   complete export: the entries are exactly the checkpoint's log (root recomputed)"
                            : "   filtered export " + result.filter() + ": each entry is proven in the log; the signed "
                                    + "manifest proves no line was removed, added or reordered since the export");
            if (result.older() != null) {
                out.printf(
                        "   consistent with the older checkpoint of tree size %d (%s, signed by key %s): the log "
                                + "only grew%n",
                        result.older().treeSize(),
                        result.older().issuedAt(),
                        NoteKeys.fingerprint(result.olderSigner()));
            }
            if (stats) {
                printStats(out, started);
            }
            return OK;
        } catch (ExportVerifier.Problem e) {
            err.println("FAILED " + export + ": " + e.getMessage());
            return FAILED;
        } catch (ProofException e) {
            err.println("FAILED " + export + ": " + e.getMessage());
            return FAILED;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("verify: cannot read " + export + ": " + e.getMessage());
            return USAGE;
        }
    }

    private static void printStats(PrintStream out, long started) {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool :
                java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        out.printf(
                "   %.2f s, peak heap %d MB (max %d MB)%n",
                (System.nanoTime() - started) / 1e9,
                peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> consistencyLine(String json, Path file) {
        try {
            Object value = Json.parse(json.strip());
            if (value instanceof Map<?, ?> map && "consistency".equals(map.get("kind"))) {
                return (Map<String, Object>) value;
            }
        } catch (IllegalArgumentException e) {
            throw new ProofException(file + ": " + e.getMessage());
        }
        throw new ProofException(file + ": not a consistency proof ({\"kind\":\"consistency\",...})");
    }
}
