package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the communications team writes. Optional parts: {@code credentials} (default
 * {@link DefaultCredentials}), {@code audience} (default all), {@code channels} (default email and letter),
 * {@code supersedes} (the advisory this one corrects), {@code schedule} (the escalation: default reminder after
 * 3 days, letter after 7, see {@link EscalationSchedule}).
 */
public record AdvisoryDraft(
        String title,
        Map<String, LocalizedText> texts,
        List<Credential> credentials,
        LocalDate deadline,
        Audience audience,
        List<Channel> channels,
        String supersedes,
        EscalationSchedule schedule) {

    /** The draft with defaults filled in. */
    AdvisoryDraft withDefaults() {
        return new AdvisoryDraft(
                title,
                texts,
                credentials == null || credentials.isEmpty() ? DefaultCredentials.ALL : credentials,
                deadline,
                audience == null ? Audience.ALL : audience,
                channels == null || channels.isEmpty() ? List.of(Channel.EMAIL, Channel.LETTER) : channels,
                supersedes,
                schedule == null ? EscalationSchedule.DEFAULT : schedule.withDefaults());
    }
}
