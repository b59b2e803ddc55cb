package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.notifier.guide.GuideImage;
import dev.breachnotify.notifier.guide.GuideSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the communications team writes. Optional parts: {@code credentials} (default
 * {@link DefaultCredentials}), {@code audience} (default all), {@code channels} (default email and letter),
 * {@code supersedes} (the advisory this one corrects), {@code schedule} (the escalation: default reminder after
 * 3 days, letter after 7, see {@link EscalationSchedule}), {@code summary} (the public incident page's summary by
 * language), {@code guides} (a how-to guide per credential id, see {@link GuideSource}) and {@code images} (the
 * images the guides show), {@code recipients} (which contacts' roles get it and whether IT service partners are
 * told, default {@link RecipientChoice#DEFAULT}). {@code compiledGuides} is what the guides compile to when the draft is created (any
 * value sent is replaced): the sanitised HTML and its hash, frozen with the draft.
 */
public record AdvisoryDraft(
        String title,
        Map<String, LocalizedText> texts,
        List<Credential> credentials,
        LocalDate deadline,
        Audience audience,
        List<Channel> channels,
        String supersedes,
        EscalationSchedule schedule,
        Map<String, String> summary,
        Map<String, GuideSource> guides,
        List<GuideImage> images,
        List<Guide> compiledGuides,
        RecipientChoice recipients) {

    /**
     * A draft without recipients (stored before contacts existed; published, it reads as owner and manager without
     * partners).
     */
    public AdvisoryDraft(
            String title,
            Map<String, LocalizedText> texts,
            List<Credential> credentials,
            LocalDate deadline,
            Audience audience,
            List<Channel> channels,
            String supersedes,
            EscalationSchedule schedule,
            Map<String, String> summary,
            Map<String, GuideSource> guides,
            List<GuideImage> images,
            List<Guide> compiledGuides) {
        this(
                title,
                texts,
                credentials,
                deadline,
                audience,
                channels,
                supersedes,
                schedule,
                summary,
                guides,
                images,
                compiledGuides,
                null);
    }

    /** A draft without summary and guides. */
    public AdvisoryDraft(
            String title,
            Map<String, LocalizedText> texts,
            List<Credential> credentials,
            LocalDate deadline,
            Audience audience,
            List<Channel> channels,
            String supersedes,
            EscalationSchedule schedule) {
        this(title, texts, credentials, deadline, audience, channels, supersedes, schedule, null, null, null, null);
    }

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
                schedule == null ? EscalationSchedule.DEFAULT : schedule.withDefaults(),
                summary == null ? Map.of() : summary,
                guides == null ? Map.of() : guides,
                images == null ? List.of() : images,
                List.of(),
                recipients == null ? RecipientChoice.DEFAULT : recipients.withDefaults());
    }

    /** The draft with its guides compiled. */
    AdvisoryDraft withCompiledGuides(List<Guide> compiled) {
        return new AdvisoryDraft(
                title,
                texts,
                credentials,
                deadline,
                audience,
                channels,
                supersedes,
                schedule,
                summary,
                guides,
                images,
                compiled,
                recipients);
    }
}
