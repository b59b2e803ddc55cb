package dev.breachnotify.events;

/**
 * A person at a practice whom advisories can address. Each contact gets a code of their own, so the audit trail
 * and the progress say who acknowledged and confirmed; what they confirm still belongs to the practice.
 *
 * @param contactId        unique within the practice; part of the contact's code, so it must stay stable
 * @param email            the contact's email address, or {@code null} (then letters only)
 * @param preferredChannel how the contact wants to be reached ({@code EMAIL}, {@code LETTER}, {@code BOTH});
 *                         letters go to the practice's address, for the contact's attention
 * @param language         {@code de} or {@code en}; {@code null} means the practice's language
 */
public record Contact(
        String contactId,
        String name,
        ContactRole role,
        String email,
        PreferredChannel preferredChannel,
        String language) {

    public Contact {
        preferredChannel = preferredChannel == null ? PreferredChannel.EMAIL : preferredChannel;
    }

    /** The contact's language, falling back to the practice's. */
    public String languageOr(String practiceLanguage) {
        return language == null || language.isBlank() ? practiceLanguage : language;
    }
}
