package dev.breachnotify.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * An advisory was published: from now on it is immutable. Schema v2 added {@code channels}.
 *
 * @param texts       subject and body by language ({@code de}, {@code en})
 * @param credentials what every practice must rotate
 * @param deadline    the last day to confirm
 * @param audience    who is targeted
 * @param supersedes  the advisory this one corrects, or {@code null}
 */
public record AdvisoryPublished(
        String advisoryId,
        String title,
        Map<String, LocalizedText> texts,
        List<Credential> credentials,
        LocalDate deadline,
        Audience audience,
        List<Channel> channels,
        String publishedBy,
        Instant publishedAt,
        String supersedes)
        implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }

    /** The text in the language, falling back to German. */
    public LocalizedText textIn(String language) {
        return texts.getOrDefault(language, texts.get("de"));
    }

    /** Who an advisory targets: everyone, some segments, or an explicit list of practices. */
    public record Audience(Kind kind, List<String> values) {

        public static final Audience ALL = new Audience(Kind.ALL, List.of());

        public Audience {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public enum Kind {
            ALL,
            SEGMENTS,
            PRACTICES
        }
    }
}
