package dev.breachnotify.events;

import java.util.List;

/**
 * An IT service partner as the directory knows it: a firm that looks after practices' IT and does the rotating
 * for them. Which practices it looks after is part of each practice ({@link Practice#partners()}).
 *
 * @param language {@code de} or {@code en}: the language of the partner's mails and page
 * @param contacts who receives the partner's mails; one link and code per partner and advisory, shared by them
 */
public record Partner(String partnerId, String name, String language, List<PartnerContact> contacts) {

    public Partner {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    /** The contacts' email addresses. */
    public List<String> emails() {
        return contacts.stream()
                .map(PartnerContact::email)
                .filter(email -> email != null && !email.isBlank())
                .toList();
    }
}
