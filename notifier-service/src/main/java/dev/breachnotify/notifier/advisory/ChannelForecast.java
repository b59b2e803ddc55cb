package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import java.util.Set;

/**
 * What publishing an advisory would do, before it is published: how many practices its audience targets and
 * over which channel the first step reaches them, by the fan-out's own rules ({@link NotificationPlanner}).
 * The publish confirmation states these figures. A practice counts once, by the channels its notifications use
 * (its contacts' in the advisory's roles, or its general addresses').
 *
 * @param practices   practices in the audience
 * @param emailOnly   practices that get an email and no letter
 * @param letterOnly  practices that get a letter and no email
 * @param both        practices that get an email and a letter (they prefer both)
 * @param unreachable practices that get neither: no email address usable and no postal address
 */
public record ChannelForecast(
        String advisoryId, long practices, long emailOnly, long letterOnly, long both, long unreachable) {

    /** Counts practices one by one; start with {@link #empty}. */
    ChannelForecast plus(AdvisoryPublished advisory, Practice practice) {
        Set<Channel> channels = NotificationPlanner.firstStepChannels(advisory, practice);
        boolean email = channels.contains(Channel.EMAIL);
        boolean letter = channels.contains(Channel.LETTER);
        return new ChannelForecast(
                advisoryId,
                practices + 1,
                emailOnly + (email && !letter ? 1 : 0),
                letterOnly + (letter && !email ? 1 : 0),
                both + (email && letter ? 1 : 0),
                unreachable + (!email && !letter ? 1 : 0));
    }

    static ChannelForecast empty(String advisoryId) {
        return new ChannelForecast(advisoryId, 0, 0, 0, 0, 0);
    }
}
