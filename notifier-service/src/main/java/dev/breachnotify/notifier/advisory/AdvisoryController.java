package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.Guide;
import dev.breachnotify.notifier.email.SendOutcome;
import dev.breachnotify.notifier.template.RenderedMail;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/** Advisory authoring: draft, preview, publish. */
@Controller("/api/advisories")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdvisoryController {

    private final AdvisoryService advisories;

    public AdvisoryController(AdvisoryService advisories) {
        this.advisories = advisories;
    }

    @Post
    public HttpResponse<Advisory> create(@Body AdvisoryDraft draft, Principal author) {
        return HttpResponse.created(advisories.create(draft, author.getName()));
    }

    /** The latest advisories, newest first: drafts and published ones, at most {@code limit} (≤ 500). */
    @Get
    public List<Advisory> list(@QueryValue(defaultValue = "100") int limit) {
        return advisories.latest(Math.max(1, Math.min(limit, 500)));
    }

    /** Who publishing would reach now, by channel; the publish confirmation states it. Changes nothing. */
    @Get("/{advisoryId}/forecast")
    public ChannelForecast forecast(String advisoryId) {
        return advisories.forecast(advisoryId);
    }

    @Get("/{advisoryId}")
    public Advisory get(String advisoryId) {
        return advisories.get(advisoryId);
    }

    @Get("/{advisoryId}/preview")
    public RenderedMail preview(String advisoryId, @QueryValue String practiceId, @Nullable @QueryValue String lang) {
        return advisories.preview(advisoryId, practiceId, lang);
    }

    /**
     * The how-to guides a practice's page shows beside its credentials and its letter prints after the cover
     * letter: its variant, in its language (or {@code lang}), each with its HTML and hash.
     */
    @Get("/{advisoryId}/guides-preview")
    public List<Guide> guidesPreview(
            String advisoryId, @QueryValue String practiceId, @Nullable @QueryValue String lang) {
        return advisories.guidesPreview(advisoryId, practiceId, lang);
    }

    /** The letter a practice would get (PDF, DIN 5008), with a placeholder instead of its code. */
    @Get(uri = "/{advisoryId}/letter-preview.pdf", produces = "application/pdf")
    public HttpResponse<byte[]> letterPreview(
            String advisoryId, @QueryValue String practiceId, @Nullable @QueryValue String lang) {
        return HttpResponse.ok(advisories.letterPreview(advisoryId, practiceId, lang))
                .contentType("application/pdf")
                .header(
                        "Content-Disposition",
                        "inline; filename=\"letter-preview-" + advisoryId + "-" + (lang == null ? "practice" : lang)
                                + ".pdf\"");
    }

    /** Sends the mail a practice would get to an internal address, with a placeholder instead of a code. */
    @Post("/{advisoryId}/test-send")
    public SendOutcome testSend(String advisoryId, @Body TestSend request) {
        return advisories.testSend(advisoryId, request.practiceId(), request.to());
    }

    /** Where a test mail goes and which practice's view it shows. */
    public record TestSend(String practiceId, String to) {}

    @Post("/{advisoryId}/publish")
    public PublishResult publish(String advisoryId, Principal publisher) {
        return advisories.publish(advisoryId, publisher.getName());
    }

    @Error(exception = AdvisoryException.class)
    public HttpResponse<Map<String, Object>> failed(AdvisoryException e) {
        return e.toResponse();
    }
}
