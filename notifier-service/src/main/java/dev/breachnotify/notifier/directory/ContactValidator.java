package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.PreferredChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns the raw parts of one contact ({@code id, name, role, email, channel, language}) into a {@link Contact}, or
 * reports each problem with the field it names. Pure: no I/O.
 *
 * <p>A contact without an id gets a default that depends only on the contact itself, so that the same file imported
 * again gives the same ids (and codes): its email address in lower case, or for a contact without email its role and
 * its name reduced to letters and digits ({@code owner-anna-weber}).
 */
final class ContactValidator {

    /** An explicit contact id: letters, digits and {@code . _ @ + -}, as an email address may have. */
    static final Pattern CONTACT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,253}");

    private static final int MAX_TEXT = 200;
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    private ContactValidator() {}

    /**
     * Validates one contact.
     *
     * @param parts   the raw values by part name ({@link DirectoryColumns#CONTACT_PARTS}); missing means blank
     * @param field   the field name a problem with a part names, e.g. {@code email} to {@code contact2_email}
     * @param problem receives (field, reason) per fault
     * @return the contact, or {@code null} when it has problems
     */
    static Contact validate(
            Map<String, String> parts, UnaryOperator<String> field, BiConsumer<String, String> problem) {
        int[] faults = {0};
        BiConsumer<String, String> fault = (part, reason) -> {
            faults[0]++;
            problem.accept(field.apply(part), reason);
        };
        for (Map.Entry<String, String> part : parts.entrySet()) {
            String value = part.getValue();
            if (value != null && value.length() > (part.getKey().equals("id") ? 254 : MAX_TEXT)) {
                fault.accept(part.getKey(), "longer than " + MAX_TEXT + " characters");
            } else if (value != null && value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                fault.accept(part.getKey(), "contains a line break");
            }
        }
        String name = value(parts, "name");
        if (name.isEmpty()) {
            fault.accept("name", "is missing");
        }
        ContactRole role = null;
        String rawRole = value(parts, "role");
        if (rawRole.isEmpty()) {
            fault.accept("role", "is missing (allowed: owner, doctor, manager, data-protection)");
        } else {
            try {
                role = ContactRole.parse(rawRole);
            } catch (IllegalArgumentException e) {
                fault.accept("role", e.getMessage());
            }
        }
        String email = value(parts, "email");
        if (!email.isEmpty() && !PracticeValidator.isValidEmail(email)) {
            fault.accept("email", "malformed email address '" + email + "'");
        }
        email = email.isEmpty() ? null : email.toLowerCase(Locale.ROOT);
        PreferredChannel channel = null;
        String rawChannel = value(parts, "channel");
        if (rawChannel.isEmpty()) {
            channel = email == null ? PreferredChannel.LETTER : PreferredChannel.EMAIL;
        } else {
            try {
                channel = PreferredChannel.valueOf(rawChannel.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                fault.accept("channel", "unknown channel '" + rawChannel + "' (use email, letter or both)");
            }
        }
        if (channel != null
                && channel != PreferredChannel.LETTER
                && email == null
                && value(parts, "email").isEmpty()) {
            fault.accept(
                    "email",
                    "is missing for channel " + channel.name().toLowerCase(Locale.ROOT)
                            + " (give an address or the channel letter)");
        }
        String language = value(parts, "language").toLowerCase(Locale.ROOT);
        if (!language.isEmpty() && !language.equals("de") && !language.equals("en")) {
            fault.accept("language", "unknown language '" + language + "' (use de or en)");
        }
        String id = value(parts, "id");
        if (!id.isEmpty() && !CONTACT_ID.matcher(id).matches()) {
            fault.accept("id", "must be letters, digits, '.', '_', '@', '+' or '-', starting with a letter or digit");
        }
        if (faults[0] > 0) {
            return null;
        }
        return new Contact(
                id.isEmpty() ? defaultId(role, name, email) : id,
                name,
                role,
                email,
                channel,
                language.isEmpty() ? null : language);
    }

    /**
     * The id of a contact the file gives none: its email address in lower case, or its role and its name in
     * ASCII letters and digits ({@code owner-anna-weber}; a name without any, a short hash of it).
     */
    static String defaultId(ContactRole role, String name, String email) {
        if (email != null && !email.isBlank()) {
            return email.toLowerCase(Locale.ROOT);
        }
        String ascii = Normalizer.normalize(name.toLowerCase(Locale.ROOT).replace("ß", "ss"), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "");
        String slug = NOT_ALNUM.matcher(ascii).replaceAll("-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return role.wireName() + "-" + (slug.isEmpty() ? hash(name) : slug);
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether every part is blank: an unused set of repeated columns. */
    static boolean isBlank(Map<String, String> parts) {
        return parts.values().stream().allMatch(value -> value == null || value.isBlank());
    }

    private static String value(Map<String, String> parts, String part) {
        String value = parts.get(part);
        return value == null ? "" : value.strip();
    }
}
