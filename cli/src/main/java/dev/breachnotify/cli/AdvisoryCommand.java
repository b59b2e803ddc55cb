package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Advisories: create, preview, publish, follow. */
@Command(
        name = "advisory",
        description = "Advisories: create, preview, publish, list, status, withdraw.",
        mixinStandardHelpOptions = true,
        subcommands = {
            AdvisoryCommand.Create.class,
            AdvisoryCommand.Preview.class,
            AdvisoryCommand.Publish.class,
            AdvisoryCommand.ListAdvisories.class,
            AdvisoryCommand.Status.class,
            AdvisoryCommand.Withdraw.class
        })
final class AdvisoryCommand {

    private static JsonNode expect(ApiClient api, HttpResponse<String> response, int expected) {
        return api.expect(response, expected, "such advisory or practice");
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a draft from a JSON file (title, deadline, texts.de/en with subject and body, "
                    + "optional credentials, audience, channels, recipients, supersedes, summary, guides, images); prints"
                    + " its id.")
    static final class Create implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(
                names = "--guides",
                paramLabel = "DIR",
                description = "add the how-to guides of a folder: <credential>.<de|en>.md, "
                        + "<credential>.<variant>.<de|en>.md (variants by konnektor_model) and the images they show")
        Path guides;

        @Option(
                names = "--roles",
                split = ",",
                paramLabel = "ROLE",
                description = "the contacts' roles that receive it: owner, doctor, manager, data-protection "
                        + "(default: the file's recipients.roles, else owner,manager)")
        List<String> roles;

        @Option(
                names = "--partners",
                negatable = true,
                description = "tell the practices' IT service partners, or not (--no-partners); default: the file's"
                        + " recipients.partners, else yes")
        Boolean partners;

        @Override
        public Integer call() {
            ApiClient api = connection.client(connection.notifierUrl, "COMMS");
            HttpRequest.BodyPublisher body;
            try {
                if (guides == null && roles == null && partners == null) {
                    body = HttpRequest.BodyPublishers.ofFile(file);
                } else {
                    com.fasterxml.jackson.databind.node.ObjectNode json =
                            (com.fasterxml.jackson.databind.node.ObjectNode) ApiClient.JSON.readTree(file.toFile());
                    if (guides != null) {
                        GuideFolder.addTo(json, guides);
                    }
                    recipients(json, roles, partners);
                    body = HttpRequest.BodyPublishers.ofString(json.toString());
                }
            } catch (FileNotFoundException e) {
                throw new CliException(CliException.REJECTED, "no such file: " + file);
            } catch (IOException | ClassCastException e) {
                throw new CliException(CliException.REJECTED, "not a JSON object: " + file);
            }
            JsonNode advisory = expect(api, api.send("POST", "/api/advisories", "application/json", body), 201);
            spec.commandLine().getOut().println(advisory.path("advisoryId").asText());
            return 0;
        }

        /** The flags win over the file's {@code recipients}; what neither says is left to the service's default. */
        static void recipients(
                com.fasterxml.jackson.databind.node.ObjectNode json, List<String> roles, Boolean partners) {
            if (roles == null && partners == null) {
                return;
            }
            com.fasterxml.jackson.databind.node.ObjectNode recipients =
                    json.path("recipients").isObject()
                            ? (com.fasterxml.jackson.databind.node.ObjectNode) json.get("recipients")
                            : json.putObject("recipients");
            if (roles != null) {
                com.fasterxml.jackson.databind.node.ArrayNode named = recipients.putArray("roles");
                roles.stream()
                        .map(String::strip)
                        .filter(role -> !role.isEmpty())
                        .forEach(named::add);
            }
            if (partners != null) {
                recipients.put("partners", partners.booleanValue());
            }
        }
    }

    @Command(
            name = "preview",
            mixinStandardHelpOptions = true,
            description = "Show the mail one practice would get (with a placeholder instead of its code).")
    static final class Preview implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADVISORY")
        String advisoryId;

        @Option(names = "--practice", required = true, description = "practice id")
        String practiceId;

        @Option(names = "--lang", description = "de or en (default: the practice's)")
        String language;

        @Override
        public Integer call() {
            ApiClient api = connection.client(connection.notifierUrl, "COMMS");
            JsonNode mail = expect(
                    api,
                    api.send(
                            "GET",
                            "/api/advisories/" + ApiClient.id("advisory id", advisoryId) + "/preview?practiceId="
                                    + ApiClient.id("practice id", practiceId)
                                    + (language == null ? "" : "&lang=" + language),
                            null,
                            HttpRequest.BodyPublishers.noBody()),
                    200);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Subject: " + mail.path("subject").asText());
            out.println();
            out.println(mail.path("text").asText());
            return 0;
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = "Publish a draft: from then on it is immutable and goes to every targeted practice.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADVISORY")
        String advisoryId;

        @Option(names = "--yes", description = "do not ask for confirmation")
        boolean yes;

        @Override
        public Integer call() {
            ApiClient api = connection.client(connection.notifierUrl, "COMMS");
            JsonNode draft = expect(
                    api,
                    api.send(
                            "GET",
                            "/api/advisories/" + ApiClient.id("advisory id", advisoryId),
                            null,
                            HttpRequest.BodyPublishers.noBody()),
                    200);
            PrintWriter out = spec.commandLine().getOut();
            if (!yes) {
                if (System.console() == null) {
                    throw new CliException(
                            CliException.REJECTED,
                            "publishing needs --yes when there is no " + "terminal to confirm at");
                }
                String answer = System.console()
                        .readLine(
                                "Publish \"%s\" (deadline %s) to its audience now? " + "This cannot be undone. [y/N] ",
                                draft.path("content").path("title").asText(),
                                draft.path("content").path("deadline").asText());
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    out.println("Not published.");
                    return CliException.REJECTED;
                }
            }
            JsonNode result = expect(
                    api,
                    api.send(
                            "POST",
                            "/api/advisories/" + ApiClient.id("advisory id", advisoryId) + "/publish",
                            null,
                            HttpRequest.BodyPublishers.noBody()),
                    200);
            out.printf(
                    "Published %s to %d practices at %s.%n",
                    advisoryId,
                    result.path("practicesTargeted").asLong(),
                    result.path("publishedAt").asText());
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The latest advisories with their state (draft, running, paused, withdrawn, closed).")
    static final class ListAdvisories implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", defaultValue = "20", description = "how many, newest first")
        int limit;

        @Override
        public Integer call() {
            ApiClient api = connection.client(connection.notifierUrl, "COMMS");
            JsonNode advisories = expect(
                    api,
                    api.send("GET", "/api/advisories?limit=" + limit, null, HttpRequest.BodyPublishers.noBody()),
                    200);
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode advisory : advisories) {
                out.printf(
                        "%-20s %-10s %s%n",
                        advisory.path("advisoryId").asText(),
                        advisory.path("state").asText(),
                        advisory.path("content").path("title").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "withdraw",
            mixinStandardHelpOptions = true,
            description = "Withdraw a published advisory: nothing of it goes out any more; names the print batches "
                    + "that had reached the printer.")
    static final class Withdraw implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADVISORY")
        String advisoryId;

        @Option(names = "--reason", required = true, description = "shown to the practices")
        String reason;

        @Option(names = "--superseded-by", description = "the advisory that replaces it")
        String supersededBy;

        @Option(names = "--yes", description = "do not ask for confirmation")
        boolean yes;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!yes) {
                if (System.console() == null) {
                    throw new CliException(
                            CliException.REJECTED,
                            "withdrawing needs --yes when there is no " + "terminal to confirm at");
                }
                String answer = System.console()
                        .readLine(
                                "Withdraw %s? Its links and codes stop working and "
                                        + "nothing of it goes out any more. This cannot be undone. [y/N] ",
                                advisoryId);
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    out.println("Not withdrawn.");
                    return CliException.REJECTED;
                }
            }
            ApiClient api = connection.client(connection.notifierUrl, "COMMS");
            com.fasterxml.jackson.databind.node.ObjectNode body =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                            .objectNode()
                            .put("reason", reason);
            if (supersededBy != null) {
                body.put("supersededBy", supersededBy);
            }
            JsonNode answer = expect(
                    api,
                    api.send(
                            "POST",
                            "/api/advisories/" + advisoryId + "/retract",
                            "application/json",
                            HttpRequest.BodyPublishers.ofString(body.toString())),
                    200);
            out.println("Withdrawn " + advisoryId + " at "
                    + answer.path("retractedAt").asText() + "."
                    + AdvisoryStates.batches(answer.path("handedToPrinter")));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "How far an advisory has got: emailed, failed, acknowledged, fully confirmed.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ADVISORY")
        String advisoryId;

        @Option(names = "--follow", description = "keep showing it until every practice confirmed (Ctrl-C stops)")
        boolean follow;

        @Option(names = "--interval", defaultValue = "2", description = "seconds between updates with --follow")
        int interval;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            ApiClient api = connection.client(connection.ackUrl, "COMMS");
            boolean first = true;
            while (true) {
                JsonNode progress = expect(
                        api,
                        api.send(
                                "GET",
                                "/api/advisories/" + ApiClient.id("advisory id", advisoryId) + "/progress",
                                null,
                                HttpRequest.BodyPublishers.noBody()),
                        200);
                if (first) { // the advisory's state (and a withdrawal) first, from the notifier
                    ApiClient notifier = connection.client(connection.notifierUrl, "COMMS");
                    out.println(AdvisoryStates.line(expect(
                            notifier,
                            notifier.send(
                                    "GET", "/api/advisories/" + advisoryId, null, HttpRequest.BodyPublishers.noBody()),
                            200)));
                    first = false;
                }
                long targeted = progress.path("targeted").asLong();
                long confirmed = progress.path("fullyConfirmed").asLong();
                out.print((follow ? "\r" : "")
                        + ProgressBar.line(
                                targeted,
                                progress.path("emailsSent").asLong(),
                                progress.path("emailsFailed").asLong(),
                                progress.path("acknowledged").asLong(),
                                confirmed));
                out.flush();
                if (!follow || (targeted > 0 && confirmed >= targeted)) {
                    out.println();
                    return 0;
                }
                Thread.sleep(interval * 1000L);
            }
        }
    }
}
