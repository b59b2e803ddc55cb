package dev.breachnotify.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A practice as the directory knows it.
 *
 * @param practiceId       the vendor's customer number; the key of every per-practice event
 * @param language         {@code de} or {@code en}
 * @param segment          product or customer segment, used to target advisories
 * @param attributes       further directory fields that choose a guide's variant, e.g. {@code konnektor_model}
 * @param contacts         the people advisories address, each with a role and a code of their own; empty for a
 *                         practice known only by its general addresses ({@code emails}, {@code contactPerson})
 * @param partners         the IT service partners that look after its credentials, at most one per credential
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
        Map<String, String> attributes,
        List<Contact> contacts,
        List<PartnerAssignment> partners) {

    public Practice {
        emails = emails == null ? List.of() : List.copyOf(emails);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        partners = partners == null ? List.of() : List.copyOf(partners);
    }

    /** A practice without contacts and partners. */
    public Practice(
            String practiceId,
            String name,
            String contactPerson,
            List<String> emails,
            PostalAddress address,
            String language,
            String segment,
            PreferredChannel preferredChannel,
            Map<String, String> attributes) {
        this(
                practiceId,
                name,
                contactPerson,
                emails,
                address,
                language,
                segment,
                preferredChannel,
                attributes,
                List.of(),
                List.of());
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

    /** The same practice with other contacts and partners. */
    public Practice withContactsAndPartners(List<Contact> newContacts, List<PartnerAssignment> newPartners) {
        return new Practice(
                practiceId,
                name,
                contactPerson,
                emails,
                address,
                language,
                segment,
                preferredChannel,
                attributes,
                newContacts,
                newPartners);
    }

    /** The partner responsible for a credential: an assignment for that credential beats one for all. */
    public Optional<String> partnerFor(String credentialId) {
        String forAll = null;
        for (PartnerAssignment assignment : partners) {
            if (assignment.credentialId().equals(credentialId)) {
                return Optional.of(assignment.partnerId());
            }
            if (PartnerAssignment.ALL_CREDENTIALS.equals(assignment.credentialId())) {
                forAll = assignment.partnerId();
            }
        }
        return Optional.ofNullable(forAll);
    }
}
