package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The practice directory. */
@Command(
        name = "practices",
        description = "The practice directory.",
        mixinStandardHelpOptions = true,
        subcommands = PracticesCommand.Import.class)
final class PracticesCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import a directory file (CSV with ';' or ',', or JSON) and print the validation report.")
    static final class Import implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the directory file (.csv or .json)")
        Path file;

        @Option(
                names = "--strict",
                description = "reject the whole file if any row is bad (default: import the "
                        + "valid rows and report the rest)")
        boolean strict;

        @Override
        public Integer call() throws Exception {
            HttpRequest.BodyPublisher body;
            try {
                body = HttpRequest.BodyPublishers.ofFile(file);
            } catch (FileNotFoundException e) {
                throw new CliException(CliException.REJECTED, "no such file: " + file);
            }
            String type = file.toString().toLowerCase().endsWith(".json") ? "application/json" : "text/csv";
            HttpResponse<String> response = connection
                    .client(connection.notifierUrl, "COMMS")
                    .send(
                            "POST",
                            "/api/practices/import?strict=" + strict + "&source="
                                    + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8),
                            type,
                            body);
            JsonNode report = ApiClient.lenientJson(response.body());
            PrintWriter out = spec.commandLine().getOut();
            if (response.statusCode() >= 400 && response.statusCode() != 422) {
                throw new CliException(
                        CliException.REJECTED,
                        ApiClient.problem(report, response.statusCode()) + " (nothing imported)");
            }
            out.printf(
                    "%s: %d rows read, %d created, %d updated, %d unchanged, %d rejected%s%n",
                    report.path("source").asText(),
                    report.path("rowsRead").asLong(),
                    report.path("created").asLong(),
                    report.path("updated").asLong(),
                    report.path("unchanged").asLong(),
                    report.path("rejected").asLong(),
                    report.path("applied").asBoolean() ? "" : " - nothing imported (strict)");
            for (JsonNode problem : report.path("problems")) {
                out.printf(
                        "  line %d%s, %s: %s%n",
                        problem.path("line").asLong(),
                        problem.hasNonNull("practiceId")
                                ? " (" + problem.path("practiceId").asText() + ")"
                                : "",
                        problem.path("field").asText(),
                        problem.path("reason").asText());
            }
            if (!report.path("applied").asBoolean()) {
                return CliException.REJECTED;
            }
            return report.path("rejected").asLong() > 0 ? CliException.PARTIAL : 0;
        }
    }
}
