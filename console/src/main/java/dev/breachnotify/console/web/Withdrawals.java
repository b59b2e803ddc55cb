package dev.breachnotify.console.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A withdrawn advisory as the pages show it: its withdrawal's times local, its print batches named. */
final class Withdrawals {

    private Withdrawals() {
    }

    /** The notifier's advisory with the withdrawal's time and the batches' hand-over times as local time. */
    static Map<String, Object> localised(Map<String, Object> advisory) {
        if (!(advisory.get("withdrawal") instanceof Map<?, ?> withdrawal)) {
            return advisory;
        }
        Map<String, Object> copy = new LinkedHashMap<>(advisory);
        Map<String, Object> local = Times.local(List.of(withdrawal), "withdrawnAt").get(0);
        if (local.get("handedToPrinter") instanceof List<?> batches) {
            local.put("handedToPrinter", Times.local(batches, "handedOverAt"));
        }
        copy.put("withdrawal", local);
        return copy;
    }

    /** The batches named in a withdrawal's answer, for the confirmation message; empty when there were none. */
    static String batches(Map<String, Object> answer, Map<String, String> texts) {
        if (!(answer.get("handedToPrinter") instanceof List<?> batches) || batches.isEmpty()) {
            return texts.get("noneHandedToPrinter");
        }
        return texts.get("handedToPrinter") + ": " + Times.local(batches, "handedOverAt").stream()
                .map(batch -> batch.get("batchId") + " (" + batch.get("letters") + " " + texts.get("letters") + ", "
                        + batch.get("handedOverAt") + ")")
                .collect(Collectors.joining("; ")) + ". " + texts.get("handedToPrinterHint");
    }
}
