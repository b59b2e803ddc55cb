package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Uploads a directory file (practices, contacts, partners) to the notifier and prints its validation report. */
final class DirectoryUpload {

    private DirectoryUpload() {}

    /**
     * @param path  the import endpoint with its own query ({@code ?strict=false}), without {@code source}
     * @param allOrNothing whether the endpoint writes nothing when a row has a problem (contacts, partners)
     * @return the exit code: 0 all imported, {@link CliException#PARTIAL} valid rows imported and others rejected,
     *     {@link CliException#REJECTED} nothing imported (a strict practices file or a contacts or partners file
     *     with a problem)
     */
    static int upload(Connection connection, PrintWriter out, Path file, String path, boolean allOrNothing) {
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
                        path + (path.contains("?") ? "&" : "?") + "source="
                                + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8),
                        type,
                        body);
        JsonNode report = ApiClient.lenientJson(response.body());
        if (response.statusCode() >= 400 && response.statusCode() != 422) {
            throw new CliException(
                    CliException.REJECTED, ApiClient.problem(report, response.statusCode()) + " (nothing imported)");
        }
        boolean applied = report.path("applied").asBoolean();
        out.printf(
                "%s: %d rows read, %d created, %d updated, %d unchanged, %d rejected%s%n",
                report.path("source").asText(),
                report.path("rowsRead").asLong(),
                report.path("created").asLong(),
                report.path("updated").asLong(),
                report.path("unchanged").asLong(),
                report.path("rejected").asLong(),
                applied ? "" : allOrNothing ? " - nothing imported" : " - nothing imported (strict)");
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
        if (!applied) {
            return CliException.REJECTED;
        }
        return report.path("rejected").asLong() > 0 ? CliException.PARTIAL : 0;
    }
}
