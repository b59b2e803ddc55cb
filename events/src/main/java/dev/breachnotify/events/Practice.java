package dev.breachnotify.events;

import java.util.List;

/**
 * A practice as the directory knows it.
 *
 * @param practiceId       the vendor's customer number; the key of every per-practice event
 * @param language         {@code de} or {@code en}
 * @param segment          product or customer segment, used to target advisories
 */
public record Practice(
        String practiceId,
        String name,
        String contactPerson,
        List<String> emails,
        PostalAddress address,
        String language,
        String segment,
        PreferredChannel preferredChannel) {

    public Practice {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
