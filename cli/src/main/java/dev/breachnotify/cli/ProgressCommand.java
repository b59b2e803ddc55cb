package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code breachctl progress}: an advisory's progress from ack-service, as totals or as the table per contact role
 * or per IT service partner (the definitions are in {@code docs/progress.md}).
 */
@Command(
        name = "progress",
        mixinStandardHelpOptions = true,
        description = {
            "An advisory's progress: totals, or a table per contact role (--by role) or per IT service partner"
                    + " (--by partner)."
        })
final class ProgressCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ADVISORY_ID", description = "the advisory")
    String advisoryId;

    @Option(
            names = "--by",
            paramLabel = "role|partner",
            description = "a table per contact role or per IT service partner instead of the totals")
    String by;

    @Override
    public Integer call() {
        String table = by == null ? null : by.strip().toLowerCase(Locale.ROOT);
        if (table != null && !table.equals("role") && !table.equals("partner")) {
            throw new ParameterException(
                    spec.commandLine(), "--by takes 'role' or 'partner', not '" + Tables.printable(by) + "'");
        }
        ApiClient api = connection.client(connection.ackUrl, "COMMS");
        JsonNode progress = api.expect(
                api.send(
                        "GET",
                        "/api/advisories/" + ApiClient.id("advisory id", advisoryId) + "/progress",
                        null,
                        HttpRequest.BodyPublishers.noBody()),
                200,
                "such advisory");
        PrintWriter out = spec.commandLine().getOut();
        if (table == null) {
            out.print(totals(progress));
        } else if (table.equals("role")) {
            out.print(byRole(progress));
        } else {
            out.print(byPartner(progress));
        }
        out.flush();
        return 0;
    }

    static String totals(JsonNode progress) {
        long targeted = progress.path("targeted").asLong();
        long confirmed = progress.path("fullyConfirmed").asLong();
        List<List<String>> rows = new ArrayList<>();
        rows.add(
                List.of("advisory", Tables.printable(progress.path("advisoryId").asText())));
        for (String[] field : new String[][] {
            {"targeted", "targeted"},
            {"emailed", "emailsSent"},
            {"email deferred", "emailsDeferred"},
            {"email failed", "emailsFailed"},
            {"letters", "letters"},
            {"acknowledged", "acknowledged"},
            {"fully confirmed", "fullyConfirmed"},
            {"nothing outstanding", "fullyRotated"},
            {"suspected automated", "suspectedAutomated"}
        }) {
            rows.add(List.of(field[0], Long.toString(progress.path(field[1]).asLong())));
        }
        rows.add(List.of("not fully confirmed", Long.toString(Math.max(0, targeted - confirmed))));
        return Tables.render(List.of("", ""), rows, false);
    }

    static String byRole(JsonNode progress) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode role : progress.path("byRole")) {
            long[] values = {
                role.path("contactsNotified").asLong(),
                role.path("contactsAcknowledged").asLong(),
                role.path("practices").asLong(),
                role.path("confirmed").asLong(),
                role.path("outstanding").asLong()
            };
            List<String> row =
                    new ArrayList<>(List.of(Tables.printable(role.path("role").asText())));
            for (long value : values) {
                row.add(Long.toString(value));
            }
            rows.add(row);
        }
        return Tables.render(
                List.of("role", "contacts notified", "acknowledged", "practices", "confirmed", "outstanding"),
                rows,
                true);
    }

    static String byPartner(JsonNode progress) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode partner : progress.path("byPartner")) {
            rows.add(List.of(
                    Tables.printable(partner.path("partnerId").asText()),
                    Tables.printable(partner.path("name").asText()),
                    Long.toString(partner.path("practices").asLong()),
                    Long.toString(partner.path("confirmed").asLong()),
                    Long.toString(partner.path("outstanding").asLong()),
                    Long.toString(partner.path("confirmedByPartner").asLong()),
                    Long.toString(partner.path("declined").asLong())));
        }
        if (rows.isEmpty()) {
            return "no IT service partner is responsible for a targeted practice's credential\n";
        }
        return Tables.render(
                List.of("partner", "name", "practices", "confirmed", "outstanding", "confirmed by partner", "declined"),
                rows,
                true);
    }

    /** Plain text tables: columns padded to their widest cell, numbers right-aligned. */
    static final class Tables {

        private Tables() {}

        static String render(List<String> header, List<List<String>> rows, boolean withHeader) {
            int[] widths = new int[header.size()];
            List<List<String>> all = new ArrayList<>();
            if (withHeader) {
                all.add(header);
            }
            all.addAll(rows);
            for (List<String> row : all) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            StringBuilder text = new StringBuilder();
            for (int r = 0; r < all.size(); r++) {
                List<String> row = all.get(r);
                boolean headerRow = withHeader && r == 0;
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    String cell = row.get(i);
                    boolean number = !headerRow && cell.matches("\\d+");
                    String padding = " ".repeat(widths[i] - cell.length());
                    line.append(i == 0 ? "" : "  ").append(number ? padding + cell : cell + padding);
                }
                text.append(line.toString().stripTrailing()).append('\n');
            }
            return text.toString();
        }

        /** A value from the service as one line of plain text: control characters (terminal escapes) become ?. */
        static String printable(String value) {
            return value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
