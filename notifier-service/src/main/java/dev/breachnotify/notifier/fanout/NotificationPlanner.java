package dev.breachnotify.notifier.fanout;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decides which notifications one practice gets for an advisory. Pure, and deterministic: the same advisory
 * and practice always give the same notification ids, so a replayed fan-out repeats, not adds.
 */
final class NotificationPlanner {

    /** The first step of the escalation chain. */
    static final String INITIAL = "initial";

    private NotificationPlanner() {
    }

    static List<NotificationRequested> plan(AdvisoryPublished advisory, Practice practice, String codeHash,
                                            Instant codeExpiresAt) {
        List<NotificationRequested> notifications = new ArrayList<>(2);
        boolean hasEmail = !practice.emails().isEmpty();
        PreferredChannel preferred = practice.preferredChannel();
        if (advisory.channels().contains(Channel.EMAIL) && hasEmail && preferred != PreferredChannel.LETTER) {
            notifications.add(notification(advisory, practice, Channel.EMAIL, codeHash, codeExpiresAt));
        }
        boolean wantsLetter = preferred != PreferredChannel.EMAIL || !hasEmail;
        if (advisory.channels().contains(Channel.LETTER) && wantsLetter && practice.address() != null) {
            notifications.add(notification(advisory, practice, Channel.LETTER, codeHash, codeExpiresAt));
        }
        return notifications;
    }

    static UUID notificationId(String advisoryId, String practiceId, Channel channel, String step) {
        return UUID.nameUUIDFromBytes(("notification\u0000" + advisoryId + "\u0000" + practiceId + "\u0000"
                + channel + "\u0000" + step).getBytes(StandardCharsets.UTF_8));
    }

    private static NotificationRequested notification(AdvisoryPublished advisory, Practice practice, Channel channel,
                                                      String codeHash, Instant codeExpiresAt) {
        return new NotificationRequested(
                notificationId(advisory.advisoryId(), practice.practiceId(), channel, INITIAL),
                advisory.advisoryId(), practice.practiceId(), channel, INITIAL, practice.language(),
                channel == Channel.EMAIL ? practice.emails() : List.of(), codeHash, codeExpiresAt);
    }
}
