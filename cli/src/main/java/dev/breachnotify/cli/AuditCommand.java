package dev.breachnotify.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The DPO's audit trail. */
@Command(name = "audit", description = "The audit trail.", mixinStandardHelpOptions = true,
        subcommands = AuditCommand.Export.class)
final class AuditCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export the audit trail of an advisory, a practice or a time range as CSV.")
    static final class Export implements Callable<Integer> {
        @Mixin Connection connection;
        @Spec CommandSpec spec;
        @Option(names = "--advisory", description = "advisory id") String advisoryId;
        @Option(names = "--practice", description = "practice id") String practiceId;
        @Option(names = "--from", description = "ISO instant, inclusive") String from;
        @Option(names = "--to", description = "ISO instant, exclusive") String to;
        @Option(names = {"-o", "--output"}, description = "file to write (default: standard output)") Path output;

        @Override
        public Integer call() throws IOException {
            StringBuilder query = new StringBuilder();
            append(query, "advisoryId", advisoryId);
            append(query, "practiceId", practiceId);
            append(query, "from", from);
            append(query, "to", to);
            if (query.isEmpty()) {
                throw new CliException(CliException.REJECTED, "name --advisory, --practice, --from or --to");
            }
            ApiClient api = connection.client(connection.auditUrl, "DPO");
            var response = api.send("GET", "/api/audit/export.csv?" + query, null, HttpRequest.BodyPublishers.noBody());
            if (response.statusCode() != 200) {
                throw new CliException(CliException.REJECTED, response.body());
            }
            if (output == null) {
                spec.commandLine().getOut().print(response.body());
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, response.body(), StandardCharsets.UTF_8);
                spec.commandLine().getErr().printf("Wrote %s (%d entries)%n", output,
                        Math.max(0, response.body().lines().count() - 1));
            }
            return 0;
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null) {
                query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }
}
