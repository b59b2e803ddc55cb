package dev.breachnotify.console.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A withdrawal's answer as the console words it: the print batches it could not stop. */
final class Withdrawals {

    private Withdrawals() {}

    /** The batches named in a withdrawal's answer, for the confirmation message; or that there were none. */
    static String batches(Map<String, Object> answer, Map<String, String> texts, String language) {
        if (!(answer.get("handedToPrinter") instanceof List<?> batches) || batches.isEmpty()) {
            return texts.get("noneHandedToPrinter");
        }
        return texts.get("handedToPrinter") + ": "
                + Times.local(batches, language, "handedOverAt").stream()
                        .map(batch -> batch.get("batchId") + " (" + batch.get("letters") + " " + texts.get("letters")
                                + ", " + batch.get("handedOverAt") + ")")
                        .collect(Collectors.joining("; "))
                + ". " + texts.get("handedToPrinterHint");
    }
}
