package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The notifier's dead letters: records it set aside because they are not readable events. */
@Command(
        name = "dlq",
        description = "Records the notifier set aside (dead letters): list them, replay one.",
        mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.List.class, DlqCommand.Replay.class})
final class DlqCommand {

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the open dead letters (--all: also the replayed ones).")
    static final class List implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Option(names = "--all", description = "include dead letters already replayed")
        boolean all;

        @Override
        public Integer call() {
            ApiClient client = connection.client(connection.notifierUrl, "COMMS");
            JsonNode letters = client.json(client.send(
                    "GET", "/api/dead-letters" + (all ? "?all=true" : ""), null, HttpRequest.BodyPublishers.noBody()));
            PrintWriter out = spec.commandLine().getOut();
            if (letters.isEmpty()) {
                out.println(all ? "no dead letters" : "no open dead letters");
                return 0;
            }
            for (JsonNode letter : letters) {
                out.printf(
                        "%s  %s  %s[%d]@%d  key %s  %s%s%n    %s%n",
                        letter.path("deadLetterId").asText(),
                        letter.path("consumerGroup").asText(),
                        letter.path("topic").asText(),
                        letter.path("partition").asInt(),
                        letter.path("offset").asLong(),
                        letter.path("recordKey").asText("-"),
                        letter.path("deadLetteredAt").asText(),
                        letter.hasNonNull("replayedAt")
                                ? "  replayed " + letter.path("replayedAt").asText() + " by "
                                        + letter.path("replayedBy").asText()
                                : "",
                        letter.path("reason").asText());
            }
            return 0;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Write a dead letter back to its topic, unchanged and with its key (once).")
    static final class Replay implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the dead letter's id (from dlq list)")
        String id;

        @Override
        public Integer call() {
            ApiClient client = connection.client(connection.notifierUrl, "COMMS");
            HttpResponse<String> response = client.send(
                    "POST",
                    "/api/dead-letters/" + ApiClient.id("dead letter id", id) + "/replay",
                    null,
                    HttpRequest.BodyPublishers.noBody());
            JsonNode body = client.expect(response, 200, "dead letter " + id + " (breachctl dlq list shows them)");
            spec.commandLine()
                    .getOut()
                    .printf(
                            "replayed %s to %s[%d]@%d%n",
                            id,
                            body.path("topic").asText(),
                            body.path("partition").asInt(),
                            body.path("offset").asLong());
            return 0;
        }
    }
}
