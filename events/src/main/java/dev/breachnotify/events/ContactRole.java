package dev.breachnotify.events;

import java.util.Locale;

/**
 * What a practice's contact is to the practice. An advisory names the roles it is sent to (by default
 * {@link #OWNER} and {@link #MANAGER}).
 */
public enum ContactRole {
    /** The practice owner, usually a doctor. */
    OWNER,
    /** A further doctor of the practice (an MVZ has many). */
    DOCTOR,
    /** The practice manager. */
    MANAGER,
    /** The practice's data protection contact. */
    DATA_PROTECTION;

    /** The role as files and forms write it: {@code owner}, {@code data-protection}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Reads a role as files and forms write it, ignoring case and accepting {@code -} or {@code _}.
     *
     * @throws IllegalArgumentException naming the allowed roles
     */
    public static ContactRole parse(String text) {
        String normalised =
                text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ContactRole role : values()) {
            if (role.name().equals(normalised)) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                "unknown role '" + text + "' (allowed: owner, doctor, manager, data-protection)");
    }
}
