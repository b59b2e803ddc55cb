package dev.breachnotify.notifier.escalation;

import java.util.ArrayList;
import java.util.List;

/**
 * A practice that has not yet done everything an advisory asks.
 *
 * @param acknowledged       whether it acknowledged the advisory
 * @param missingCredentials the credential ids it has not confirmed (in any status)
 */
public record Outstanding(String practiceId, boolean acknowledged, List<String> missingCredentials) {

    /** The word for a missing acknowledgement in {@link #missing()}. */
    public static final String ACKNOWLEDGEMENT = "acknowledgement";

    public Outstanding {
        missingCredentials = List.copyOf(missingCredentials);
    }

    /** Everything missing: the credential ids, and {@value #ACKNOWLEDGEMENT} when it has not acknowledged. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>(missingCredentials.size() + 1);
        if (!acknowledged) {
            missing.add(ACKNOWLEDGEMENT);
        }
        missing.addAll(missingCredentials);
        return missing;
    }

    /** Done: acknowledged and every credential confirmed. */
    public boolean done() {
        return acknowledged && missingCredentials.isEmpty();
    }
}
