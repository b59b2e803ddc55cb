package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The IT service partners. */
@Command(
        name = "partners",
        description = "The IT service partners that look after practices' IT.",
        mixinStandardHelpOptions = true,
        subcommands = {PartnersCommand.Import.class, PartnersCommand.ListPartners.class})
final class PartnersCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import a partners file (CSV: partner_id, name, language, contact_name, contact_email; or"
                    + " JSON with the practices each looks after). A file with any problem imports nothing (exit 4).")
    static final class Import implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the partners file (.csv or .json)")
        Path file;

        @Override
        public Integer call() {
            return DirectoryUpload.upload(connection, spec.commandLine().getOut(), file, "/api/partners/import", true);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the partners with their contacts and how many practices each looks after.")
    static final class ListPartners implements Callable<Integer> {

        private static final int PAGE = 500;

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ApiClient client = connection.client(connection.notifierUrl, "COMMS");
            PrintWriter out = spec.commandLine().getOut();
            String after = null;
            int listed = 0;
            do {
                String path = "/api/partners?limit=" + PAGE
                        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
                JsonNode page = client.expect(
                        client.send("GET", path, null, HttpRequest.BodyPublishers.noBody()), 200, "partners");
                for (JsonNode entry : page.path("partners")) {
                    JsonNode partner = entry.path("partner");
                    java.util.List<String> emails = new java.util.ArrayList<>();
                    partner.path("contacts")
                            .forEach(contact -> emails.add(contact.path("email").asText()));
                    out.printf(
                            "%-16s %-40s %s  %d practices  %s%n",
                            partner.path("partnerId").asText(),
                            partner.path("name").asText(),
                            partner.path("language").asText(),
                            entry.path("practices").asLong(),
                            String.join(", ", emails));
                    listed++;
                }
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (after != null);
            if (listed == 0) {
                out.println("no partners (breachctl partners import FILE)");
            }
            return 0;
        }
    }
}
