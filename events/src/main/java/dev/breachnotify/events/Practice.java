package dev.breachnotify.events;

import java.util.List;
import java.util.Map;

/**
 * A practice as the directory knows it.
 *
 * @param practiceId       the vendor's customer number; the key of every per-practice event
 * @param language         {@code de} or {@code en}
 * @param segment          product or customer segment, used to target advisories
 * @param attributes       further directory fields that choose a guide's variant, e.g. {@code konnektor_model}
 */
public record Practice(
        String practiceId,
        String name,
        String contactPerson,
        List<String> emails,
        PostalAddress address,
        String language,
        String segment,
        PreferredChannel preferredChannel,
        Map<String, String> attributes) {

    public Practice {
        emails = emails == null ? List.of() : List.copyOf(emails);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A practice without further directory fields. */
    public Practice(
            String practiceId,
            String name,
            String contactPerson,
            List<String> emails,
            PostalAddress address,
            String language,
            String segment,
            PreferredChannel preferredChannel) {
        this(practiceId, name, contactPerson, emails, address, language, segment, preferredChannel, Map.of());
    }
}
