package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** How breachctl words an advisory's lifecycle state and its withdrawal (see docs/lifecycle.md). */
final class AdvisoryStates {

    private AdvisoryStates() {}

    /** {@code RUNNING} as "published, running", and so on; an unknown state as it came. */
    static String word(String state) {
        return switch (state == null ? "" : state) {
            case "DRAFT" -> "draft";
            case "RUNNING" -> "published, running";
            case "PAUSED" -> "paused: nothing goes out until it is resumed";
            case "WITHDRAWN" -> "withdrawn: nothing goes out any more";
            case "CLOSED" -> "closed: the deadline passed and the final list is out";
            default -> state == null ? "unknown" : state.toLowerCase(Locale.ROOT);
        };
    }

    /** The advisory's state line, with the withdrawal's time, author and reason when it was withdrawn. */
    static String line(JsonNode advisory) {
        StringBuilder line = new StringBuilder(advisory.path("advisoryId").asText())
                .append(": ")
                .append(word(advisory.path("state").asText(null)));
        JsonNode withdrawal = advisory.path("withdrawal");
        if (withdrawal.isObject()) {
            line.append(System.lineSeparator())
                    .append("  withdrawn at ")
                    .append(withdrawal.path("withdrawnAt").asText())
                    .append(" by ")
                    .append(withdrawal.path("withdrawnBy").asText())
                    .append(": ")
                    .append(withdrawal.path("reason").asText());
            if (withdrawal.hasNonNull("supersededBy")) {
                line.append(" (replaced by ")
                        .append(withdrawal.path("supersededBy").asText())
                        .append(')');
            }
            line.append(batches(withdrawal.path("handedToPrinter")));
        }
        return line.toString();
    }

    /** The print batches handed over before a withdrawal, one per line; or that there were none. */
    static String batches(JsonNode handedToPrinter) {
        if (!handedToPrinter.isArray() || handedToPrinter.isEmpty()) {
            return System.lineSeparator() + "  no letter had reached the printer";
        }
        StringBuilder lines = new StringBuilder(System.lineSeparator())
                .append("  handed to the printer before the withdrawal (ask the print service to stop them):");
        for (JsonNode batch : handedToPrinter) {
            lines.append(System.lineSeparator())
                    .append("    ")
                    .append(batch.path("batchId").asText())
                    .append(": ")
                    .append(batch.path("letters").asInt())
                    .append(" letter(s), handed over at ")
                    .append(batch.path("handedOverAt").asText());
        }
        return lines.toString();
    }
}
