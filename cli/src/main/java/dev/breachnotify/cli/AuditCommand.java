package dev.breachnotify.cli;

import dev.breachnotify.verifier.VerifyExport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The DPO's audit trail: exports, the published checkpoint, and the offline verifier. */
@Command(
        name = "audit",
        description = "The audit trail.",
        mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.Export.class, AuditCommand.Verify.class, AuditCommand.CheckpointCommand.class})
final class AuditCommand {

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Export the audit trail of an advisory, a practice, a time range or all of it.",
                "--format jsonl gives the verifiable export: each entry with its inclusion proof against a "
                        + "signed checkpoint (check it with 'breachctl audit verify')."
            })
    static final class Export implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Option(names = "--advisory", description = "advisory id")
        String advisoryId;

        @Option(names = "--practice", description = "practice id")
        String practiceId;

        @Option(names = "--from", description = "ISO instant, inclusive")
        String from;

        @Option(names = "--to", description = "ISO instant, exclusive")
        String to;

        @Option(names = "--all", description = "the whole log")
        boolean all;

        @Option(names = "--format", defaultValue = "csv", description = "csv or jsonl (default ${DEFAULT-VALUE})")
        String format;

        @Option(
                names = "--consistency-from",
                description =
                        "jsonl: add a consistency proof from this tree size " + "(the size of a checkpoint you kept)")
        Long consistencyFrom;

        @Option(
                names = {"-o", "--output"},
                description = "file to write (default: standard output)")
        Path output;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("csv") && !format.equals("jsonl")) {
                throw new CliException(CliException.REJECTED, "--format is csv or jsonl, not " + format);
            }
            StringBuilder query = new StringBuilder();
            append(query, "advisoryId", advisoryId);
            append(query, "practiceId", practiceId);
            append(query, "from", from);
            append(query, "to", to);
            if (all) {
                append(query, "all", "true");
            }
            if (query.isEmpty()) {
                throw new CliException(CliException.REJECTED, "name --advisory, --practice, --from, --to or --all");
            }
            if (consistencyFrom != null) {
                append(query, "consistencyFrom", consistencyFrom.toString());
            }
            String path = "/api/audit/export." + format + "?" + query;
            long lines = download(connection, path, output, spec);
            if (output != null) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                "Wrote %s (%d entries)%n",
                                output, format.equals("csv") ? Math.max(0, lines - 1) : Math.max(0, lines - 3));
            }
            return 0;
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null) {
                query.append(query.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Verify a JSON Lines export offline against the log's public key: the checkpoint's "
                        + "signature, every entry's inclusion proof, the order and completeness of the entries, the "
                        + "signed manifest, and optionally that the log only grew since an older checkpoint.",
                "Contacts no service. Exit 0: verified; 1: it does not verify (the first bad entry is named)."
            })
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--public-key",
                required = true,
                description = {
                    "the log's public key (audit-public-key.pem, or a signed-note verifier key); repeat "
                            + "it, or name a file of several keys (audit-public-keys.pem), for the keys of before a "
                            + "key rotation"
                })
        List<Path> publicKeys;

        @Option(names = "--older-checkpoint", description = "a checkpoint you kept from earlier")
        Path older;

        @Option(names = "--consistency", description = "a proof from /api/audit/consistency, if the export has none")
        Path consistency;

        @Parameters(paramLabel = "EXPORT", description = "the .jsonl export")
        Path export;

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of(export.toString()));
            for (Path key : publicKeys) {
                args.addAll(List.of("--public-key", key.toString()));
            }
            if (older != null) {
                args.addAll(List.of("--older-checkpoint", older.toString()));
            }
            if (consistency != null) {
                args.addAll(List.of("--consistency", consistency.toString()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = VerifyExport.run(
                    args.toArray(String[]::new),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(out.toString(StandardCharsets.UTF_8));
            stdout.flush();
            PrintWriter stderr = spec.commandLine().getErr();
            stderr.print(err.toString(StandardCharsets.UTF_8));
            stderr.flush();
            return code == VerifyExport.OK ? 0 : code == VerifyExport.FAILED ? 1 : 2;
        }
    }

    @Command(
            name = "checkpoint",
            mixinStandardHelpOptions = true,
            description = "Fetch the latest signed checkpoint (public), to keep it and check later exports against it.")
    static final class CheckpointCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--audit-url",
                defaultValue = "${env:BN_AUDIT_URL:-http://localhost:8083}",
                description = "audit-service (env BN_AUDIT_URL, default ${DEFAULT-VALUE})")
        String auditUrl;

        @Option(names = "--public-key", description = "fetch the public key (PEM) instead")
        boolean publicKey;

        @Option(
                names = "--all-keys",
                description = "fetch all the log's public keys (PEM): the current one and "
                        + "those it replaced in key rotations")
        boolean allKeys;

        @Option(
                names = {"-o", "--output"},
                description = "file to write (default: standard output)")
        Path output;

        @Override
        public Integer call() throws IOException {
            String path = allKeys
                    ? "/.well-known/audit-public-keys.pem"
                    : publicKey ? "/.well-known/audit-public-key.pem" : "/.well-known/audit-checkpoint";
            get(URI.create(strip(ApiClient.serviceUrl(auditUrl)) + path), null, output, spec);
            return 0;
        }
    }

    /** Streams a GET to a file (atomically) or to standard output; returns the number of lines. */
    private static long download(Connection connection, String path, Path output, CommandSpec spec) throws IOException {
        String authorization = connection.credentials("DPO").authorization();
        return get(URI.create(strip(ApiClient.serviceUrl(connection.auditUrl)) + path), authorization, output, spec);
    }

    private static long get(URI uri, String authorization, Path output, CommandSpec spec) throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "cannot reach " + uri.getScheme() + "://" + uri.getAuthority()
                            + " (is breach-notify running? ./mvnw -Prun)");
        } catch (IOException e) {
            throw new CliException(
                    CliException.UNAVAILABLE,
                    "talking to " + uri.getScheme() + "://" + uri.getAuthority() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNAVAILABLE, "interrupted");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
                if (status == 401 || status == 403) {
                    throw new CliException(
                            CliException.AUTH,
                            (status == 401
                                            ? "the credentials were not accepted (token expired? breachctl login)"
                                            : "this user's role may not do that")
                                    + " (" + uri + ")");
                }
                throw new CliException(
                        status >= 500 ? CliException.UNAVAILABLE : CliException.REJECTED,
                        status == 404
                                ? "not found (HTTP 404 from " + uri.getScheme() + "://" + uri.getAuthority() + ")"
                                : ApiClient.problem(ApiClient.lenientJson(text), status));
            }
            CountingStream counted;
            if (output == null) {
                counted = new CountingStream(System.out);
                body.transferTo(counted);
                counted.flush();
                return counted.lines;
            }
            Path absolute = output.toAbsolutePath();
            if (!Files.isDirectory(absolute.getParent())) {
                throw new CliException(
                        CliException.USAGE, "cannot write " + output + ": no folder " + absolute.getParent());
            }
            Path temporary = Files.createTempFile(absolute.getParent(), ".download", ".tmp");
            try {
                try (OutputStream file = Files.newOutputStream(temporary)) {
                    counted = new CountingStream(file);
                    body.transferTo(counted);
                }
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return counted.lines;
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Counts newlines on the way through. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long lines;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                lines++;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            out.write(b, off, len);
        }
    }
}
