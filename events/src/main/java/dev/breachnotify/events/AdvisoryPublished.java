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
 * @param recipients  which contacts of a practice receive it, and whether IT service partners are told; absent in
 *                    events written before contacts existed, which read as {@link Recipients#DEFAULT} without
 *                    partners
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
        List<Guide> guides,
        Recipients recipients)
        implements EventPayload {

    public AdvisoryPublished {
        summary = summary == null ? Map.of() : Map.copyOf(summary);
        guides = guides == null ? List.of() : List.copyOf(guides);
        recipients = recipients == null ? Recipients.WITHOUT_PARTNERS : recipients;
    }

    /** An advisory for the default roles, without partners. */
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
            String supersedes,
            Map<String, String> summary,
            List<Guide> guides) {
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
                summary,
                guides,
                null);
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

    /**
     * Who at a targeted practice receives the advisory: its contacts in {@code roles} (each with a code of their
     * own), and, with {@code partners}, the IT service partners that look after its credentials. A practice with no
     * contact in these roles is written to at its general addresses, so every targeted practice is reached.
     */
    public record Recipients(List<ContactRole> roles, boolean partners) {

        private static final List<ContactRole> DEFAULT_ROLES = List.of(ContactRole.OWNER, ContactRole.MANAGER);

        /** Owner and manager, and the partners: what a new advisory addresses unless told otherwise. */
        public static final Recipients DEFAULT = new Recipients(DEFAULT_ROLES, true);

        /** Owner and manager without partners: how an event written before contacts existed reads. */
        public static final Recipients WITHOUT_PARTNERS = new Recipients(DEFAULT_ROLES, false);

        public Recipients {
            roles = roles == null || roles.isEmpty() ? DEFAULT_ROLES : List.copyOf(roles);
        }

        /** Whether contacts of this role receive the advisory. */
        public boolean includes(ContactRole role) {
            return roles.contains(role);
        }
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
