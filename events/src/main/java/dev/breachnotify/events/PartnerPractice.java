package dev.breachnotify.events;

import java.util.List;

/**
 * A practice on an IT service partner's list for an advisory.
 *
 * @param credentialIds the advisory's credentials the partner is responsible for at this practice
 */
public record PartnerPractice(String practiceId, List<String> credentialIds) {

    public PartnerPractice {
        credentialIds = credentialIds == null ? List.of() : List.copyOf(credentialIds);
    }
}
