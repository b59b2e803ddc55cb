package dev.breachnotify.notifier.fanout;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.ContactRole;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Decides which notifications one practice gets for an advisory. Pure, and deterministic: the same advisory
 * and practice always give the same notification ids, so a replayed fan-out repeats, not adds. The escalation
 * chain asks it for its later steps ({@link #request}).
 */
public final class NotificationPlanner {

    /** The first step of the escalation chain. */
    public static final String INITIAL = "initial";
    /** The reminder email of the escalation schedule. */
    public static final String REMINDER = "reminder";
    /** The printed letter of the escalation schedule. */
    public static final String LETTER = "letter";
    /** The letter that replaces an email that bounced (a permanent SMTP rejection). */
    public static final String BOUNCE = "bounce";

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private NotificationPlanner() {}

    /** The codes' hashes of a practice for an advisory: {@code null} asks for the general one, else a contact's. */
    @FunctionalInterface
    public interface ContactCodes {
        String hashFor(String contactId);
    }

    /** The first step's notifications of a practice known by its general addresses only, all with one code. */
    static List<NotificationRequested> plan(
            AdvisoryPublished advisory, Practice practice, String codeHash, Instant codeExpiresAt) {
        return plan(advisory, practice, contactId -> codeHash, codeExpiresAt);
    }

    /**
     * The first step's notifications of a practice: one per contact in the advisory's roles and channel (an email
     * to the contact, a letter to the practice for the contact's attention), each with the contact's code; when
     * none of its contacts is in the roles, or none of those can be reached, the practice's general notifications
     * as before contacts existed, so every targeted practice is reached.
     */
    static List<NotificationRequested> plan(
            AdvisoryPublished advisory, Practice practice, ContactCodes codes, Instant codeExpiresAt) {
        List<NotificationRequested> notifications = new ArrayList<>(2);
        for (Contact contact : reachedContacts(advisory, practice)) {
            boolean email = canBeEmailed(advisory, contact);
            boolean letter = getsInitialLetter(advisory, practice, contact);
            String codeHash = codes.hashFor(contact.contactId());
            if (email) {
                notifications.add(
                        request(advisory, practice, contact, Channel.EMAIL, INITIAL, codeHash, codeExpiresAt));
            }
            if (letter) {
                notifications.add(
                        request(advisory, practice, contact, Channel.LETTER, INITIAL, codeHash, codeExpiresAt));
            }
        }
        if (!notifications.isEmpty()) {
            return notifications;
        }
        String codeHash = codes.hashFor(null);
        boolean hasEmail = !practice.emails().isEmpty();
        PreferredChannel preferred = practice.preferredChannel();
        if (advisory.channels().contains(Channel.EMAIL) && hasEmail && preferred != PreferredChannel.LETTER) {
            notifications.add(notification(advisory, practice, Channel.EMAIL, codeHash, codeExpiresAt));
        }
        if (getsInitialLetter(advisory, practice)) {
            notifications.add(notification(advisory, practice, Channel.LETTER, codeHash, codeExpiresAt));
        }
        return notifications;
    }

    /** The channels the first step uses for a practice (its contacts' or its general notifications'). */
    public static Set<Channel> firstStepChannels(AdvisoryPublished advisory, Practice practice) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        plan(advisory, practice, contactId -> "", Instant.EPOCH)
                .forEach(notification -> channels.add(notification.channel()));
        return channels;
    }

    /**
     * The practice's contacts in the advisory's roles, in the order of the roles (as {@link ContactRole} lists
     * them), then of the directory; empty when the practice is addressed at its general addresses.
     */
    public static List<Contact> addressees(AdvisoryPublished advisory, Practice practice) {
        List<Contact> addressed = new ArrayList<>();
        for (ContactRole role : ContactRole.values()) {
            if (advisory.recipients().includes(role)) {
                for (Contact contact : practice.contacts()) {
                    if (contact.role() == role) {
                        addressed.add(contact);
                    }
                }
            }
        }
        return addressed;
    }

    /**
     * The contacts in the advisory's roles that its first step reaches (by email or letter), in the order of
     * {@link #addressees}; empty when the practice is written to at its general addresses. Every later step
     * addresses the same people.
     */
    public static List<Contact> reachedContacts(AdvisoryPublished advisory, Practice practice) {
        return addressees(advisory, practice).stream()
                .filter(contact -> canBeEmailed(advisory, contact) || getsInitialLetter(advisory, practice, contact))
                .toList();
    }

    /**
     * The notifications of a later step for a practice. A reminder email goes to each reached contact who can be
     * emailed, each with their own code (or, for a practice written to at its general addresses, to those as
     * before). A letter ({@code letter}, {@code bounce}) is one per practice, to its address: for the attention of
     * the first reached contact (by role order) with that contact's code, or the general letter.
     */
    public static List<NotificationRequested> stepRequests(
            AdvisoryPublished advisory,
            Practice practice,
            Channel channel,
            String step,
            ContactCodes codes,
            Instant codeExpiresAt) {
        return stepRequests(advisory, practice, channel, step, codes, codeExpiresAt, null);
    }

    /**
     * As {@link #stepRequests(AdvisoryPublished, Practice, Channel, String, ContactCodes, Instant)}, with a letter
     * for the attention of {@code attentionOf} when that contact is among the reached ones (the contact whose mail
     * bounced), else of the first.
     */
    public static List<NotificationRequested> stepRequests(
            AdvisoryPublished advisory,
            Practice practice,
            Channel channel,
            String step,
            ContactCodes codes,
            Instant codeExpiresAt,
            String attentionOf) {
        List<Contact> contacts = reachedContacts(advisory, practice);
        List<NotificationRequested> requests = new ArrayList<>(Math.max(1, contacts.size()));
        if (channel == Channel.EMAIL) {
            if (contacts.isEmpty() && canBeEmailed(advisory, practice)) {
                requests.add(request(advisory, practice, null, channel, step, codes.hashFor(null), codeExpiresAt));
            }
            for (Contact contact : contacts) {
                if (canBeEmailed(advisory, contact)) {
                    requests.add(request(
                            advisory,
                            practice,
                            contact,
                            channel,
                            step,
                            codes.hashFor(contact.contactId()),
                            codeExpiresAt));
                }
            }
        } else if (canBeWritten(advisory, practice)) {
            Contact attention = contacts.stream()
                    .filter(contact -> contact.contactId().equals(attentionOf))
                    .findFirst()
                    .orElse(contacts.isEmpty() ? null : contacts.get(0));
            requests.add(request(
                    advisory,
                    practice,
                    attention,
                    channel,
                    step,
                    codes.hashFor(attention == null ? null : attention.contactId()),
                    codeExpiresAt));
        }
        return requests;
    }

    /** Whether a contact can be emailed: it has an address and does not want letters only. */
    public static boolean canBeEmailed(AdvisoryPublished advisory, Contact contact) {
        return advisory.channels().contains(Channel.EMAIL)
                && contact.email() != null
                && !contact.email().isBlank()
                && contact.preferredChannel() != PreferredChannel.LETTER;
    }

    /** Whether the first step writes to a contact (it prefers letters, or has no email) at the practice's address. */
    public static boolean getsInitialLetter(AdvisoryPublished advisory, Practice practice, Contact contact) {
        boolean noEmail = contact.email() == null || contact.email().isBlank();
        boolean wantsLetter = contact.preferredChannel() != PreferredChannel.EMAIL || noEmail;
        return advisory.channels().contains(Channel.LETTER) && wantsLetter && practice.address() != null;
    }

    /** Whether the first step already sends this practice a letter (it prefers letters, or has no email). */
    public static boolean getsInitialLetter(AdvisoryPublished advisory, Practice practice) {
        boolean wantsLetter = practice.preferredChannel() != PreferredChannel.EMAIL
                || practice.emails().isEmpty();
        return advisory.channels().contains(Channel.LETTER) && wantsLetter && practice.address() != null;
    }

    /** Whether the practice can get an email reminder: it has an address and does not want letters only. */
    public static boolean canBeEmailed(AdvisoryPublished advisory, Practice practice) {
        return advisory.channels().contains(Channel.EMAIL)
                && !practice.emails().isEmpty()
                && practice.preferredChannel() != PreferredChannel.LETTER;
    }

    /** Whether the practice can get a letter at all: the advisory allows letters and the address is known. */
    public static boolean canBeWritten(AdvisoryPublished advisory, Practice practice) {
        return advisory.channels().contains(Channel.LETTER)
                && practice.address() != null
                && practice.address().street() != null
                && !practice.address().street().isBlank();
    }

    /** When a code of the advisory stops working: the day after the deadline plus the configured validity. */
    public static Instant codeExpiresAt(AdvisoryPublished advisory, Duration validityAfterDeadline) {
        return advisory.deadline().plusDays(1).atStartOfDay(ZONE).toInstant().plus(validityAfterDeadline);
    }

    /** A notification of a later step of the chain (a reminder, a letter); deterministic like the first. */
    public static NotificationRequested request(
            AdvisoryPublished advisory,
            Practice practice,
            Channel channel,
            String step,
            String codeHash,
            Instant codeExpiresAt) {
        return request(advisory, practice, null, channel, step, codeHash, codeExpiresAt);
    }

    /**
     * A notification of a step to one of the practice's contacts (in the contact's language, an email to the
     * contact's address), or with a {@code null} contact to the practice's general addresses.
     */
    public static NotificationRequested request(
            AdvisoryPublished advisory,
            Practice practice,
            Contact contact,
            Channel channel,
            String step,
            String codeHash,
            Instant codeExpiresAt) {
        String contactId = contact == null ? null : contact.contactId();
        List<String> recipients;
        if (channel != Channel.EMAIL) {
            recipients = List.of();
        } else {
            recipients = contact == null ? practice.emails() : List.of(contact.email());
        }
        return new NotificationRequested(
                notificationId(advisory.advisoryId(), practice.practiceId(), channel, step, contactId),
                advisory.advisoryId(),
                practice.practiceId(),
                channel,
                step,
                contact == null ? practice.language() : contact.languageOr(practice.language()),
                recipients,
                codeHash,
                codeExpiresAt,
                contactId);
    }

    /** The event id of a notification's event: deterministic, so that a repeated request is a duplicate. */
    public static UUID eventIdOf(NotificationRequested notification) {
        return UUID.nameUUIDFromBytes(("event\u0000" + notification.notificationId()).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of a notification to the practice's general addresses (as before contacts existed). */
    public static UUID notificationId(String advisoryId, String practiceId, Channel channel, String step) {
        return notificationId(advisoryId, practiceId, channel, step, null);
    }

    /** The id of a notification to a practice's contact; with a {@code null} contact the general one. */
    public static UUID notificationId(
            String advisoryId, String practiceId, Channel channel, String step, String contactId) {
        String general =
                "notification\u0000" + advisoryId + "\u0000" + practiceId + "\u0000" + channel + "\u0000" + step;
        String name = contactId == null ? general : general + "\u0000contact\u0000" + contactId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static NotificationRequested notification(
            AdvisoryPublished advisory, Practice practice, Channel channel, String codeHash, Instant codeExpiresAt) {
        return request(advisory, practice, channel, INITIAL, codeHash, codeExpiresAt);
    }
}
