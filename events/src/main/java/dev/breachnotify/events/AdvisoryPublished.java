package dev.breachnotify.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An advisory was published: from now on it is immutable. Schema v2 added {@code channels}, v3 {@code summary} and
 * {@code guides}.
 *
 * @param texts       subject and body by language ({@code de}, {@code en})
 * @param credentials what every practice must rotate
 * @param deadline    the last day to confirm
 * @param audience    who is targeted
 * @param supersedes  the advisory this one corrects, or {@code null}
 * @param summary     a short public summary by language for the incident page (no personal data); may be empty
 * @param guides      the how-to guides per credential, language and variant, each with its content hash
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
        String supersedes,
        Map<String, String> summary,
        List<Guide> guides)
        implements EventPayload {

    public AdvisoryPublished {
        summary = summary == null ? Map.of() : Map.copyOf(summary);
        guides = guides == null ? List.of() : List.copyOf(guides);
    }

    /** An advisory without summary and guides (as before schema v3). */
    public AdvisoryPublished(
            String advisoryId,
            String title,
            Map<String, LocalizedText> texts,
            List<Credential> credentials,
            LocalDate deadline,
            Audience audience,
            List<Channel> channels,
            String publishedBy,
            Instant publishedAt,
            String supersedes) {
        this(
                advisoryId,
                title,
                texts,
                credentials,
                deadline,
                audience,
                channels,
                publishedBy,
                publishedAt,
                supersedes,
                Map.of(),
                List.of());
    }

    /** The guide a practice gets for a credential, see {@link Guide#choose}. */
    public Optional<Guide> guideFor(String credentialId, String language, Map<String, String> attributes) {
        return Guide.choose(guides, credentialId, language, attributes);
    }

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
