package dev.breachnotify.notifier.fanout;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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

    static List<NotificationRequested> plan(
            AdvisoryPublished advisory, Practice practice, String codeHash, Instant codeExpiresAt) {
        List<NotificationRequested> notifications = new ArrayList<>(2);
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
        return new NotificationRequested(
                notificationId(advisory.advisoryId(), practice.practiceId(), channel, step),
                advisory.advisoryId(),
                practice.practiceId(),
                channel,
                step,
                practice.language(),
                channel == Channel.EMAIL ? practice.emails() : List.of(),
                codeHash,
                codeExpiresAt);
    }

    /** The event id of a notification's event: deterministic, so that a repeated request is a duplicate. */
    public static UUID eventIdOf(NotificationRequested notification) {
        return UUID.nameUUIDFromBytes(("event\u0000" + notification.notificationId()).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID notificationId(String advisoryId, String practiceId, Channel channel, String step) {
        return UUID.nameUUIDFromBytes(
                ("notification\u0000" + advisoryId + "\u0000" + practiceId + "\u0000" + channel + "\u0000" + step)
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static NotificationRequested notification(
            AdvisoryPublished advisory, Practice practice, Channel channel, String codeHash, Instant codeExpiresAt) {
        return request(advisory, practice, channel, INITIAL, codeHash, codeExpiresAt);
    }
}
