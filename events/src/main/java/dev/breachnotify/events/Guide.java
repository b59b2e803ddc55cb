package dev.breachnotify.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A how-to guide for one credential, in one language and one variant, as published. The sanitised HTML is the
 * canonical form: the acknowledgement page and the public incident page show it byte for byte, the letter prints
 * it, and {@code sha256} is its hash, so the audit log proves which instructions a practice was given.
 *
 * @param credentialId the credential the guide explains, e.g. {@code ti-konnektor}
 * @param variantField the practice's directory field that chooses the variant (e.g. {@code konnektor_model}), or
 *                     {@code null} for a guide without variants
 * @param variant      {@link #GENERAL}, or the field's value this variant is for (lower case)
 * @param language     {@code de} or {@code en}
 * @param markdown     the source as written (CommonMark)
 * @param html         the sanitised HTML fragment; images are embedded as {@code data:} URIs
 * @param sha256       hex SHA-256 of the UTF-8 bytes of {@code html}
 */
public record Guide(
        String credentialId,
        String variantField,
        String variant,
        String language,
        String markdown,
        String html,
        String sha256) {

    /** The variant every practice gets whose field matches no other variant. */
    public static final String GENERAL = "general";

    /** The hex SHA-256 of a guide's HTML, as {@link #sha256} holds it. */
    public static String hash(String html) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A variant's key as matched against a practice's field: trimmed, lower case, inner spaces as one '-'. */
    public static String variantKey(String value) {
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    }

    /**
     * The guide a practice gets for a credential: the variant its directory field names, else the general one; in
     * its language, else German.
     */
    public static Optional<Guide> choose(
            List<Guide> guides, String credentialId, String language, Map<String, String> attributes) {
        if (guides == null || guides.isEmpty()) {
            return Optional.empty();
        }
        Optional<Guide> chosen = chooseIn(guides, credentialId, language, attributes);
        return chosen.isPresent() ? chosen : chooseIn(guides, credentialId, "de", attributes);
    }

    private static Optional<Guide> chooseIn(
            List<Guide> guides, String credentialId, String language, Map<String, String> attributes) {
        Guide general = null;
        for (Guide guide : guides) {
            if (!guide.credentialId().equals(credentialId) || !guide.language().equals(language)) {
                continue;
            }
            if (GENERAL.equals(guide.variant())) {
                general = guide;
            } else if (guide.variantField() != null
                    && attributes != null
                    && guide.variant().equals(variantKey(attributes.get(guide.variantField())))) {
                return Optional.of(guide);
            }
        }
        return Optional.ofNullable(general);
    }
}
