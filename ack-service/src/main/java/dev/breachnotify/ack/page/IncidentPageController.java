package dev.breachnotify.ack.page;

import dev.breachnotify.ack.projection.ProjectionQueries;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The public page of an incident ({@code GET /incident/{advisoryId}}): the advisory's title and summary, the
 * guides, how to recognise a genuine mail or letter, and the code entry form. No personal data and no code: it is
 * served by ack-service, so it stands while the vendor's own website is down. Reads only.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(AcknowledgementPageController.EXECUTOR)
@Produces(MediaType.TEXT_HTML)
public class IncidentPageController {

    private static final Pattern ADVISORY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ProjectionQueries queries;
    private final PageModels models;
    private final PageRenderer pages;

    public IncidentPageController(ProjectionQueries queries, PageModels models, PageRenderer pages) {
        this.queries = queries;
        this.models = models;
        this.pages = pages;
    }

    @Get("/incident/{advisoryId}")
    public HttpResponse<?> show(
            @PathVariable("advisoryId") String advisoryId, @Nullable @QueryValue("lang") String lang) {
        String language = Texts.language(lang);
        var incident = ADVISORY_ID.matcher(advisoryId).matches()
                ? queries.incident(advisoryId)
                : Optional.<ProjectionQueries.Incident>empty();
        if (incident.isEmpty()) {
            return pages.respond(
                    HttpStatus.NOT_FOUND,
                    "message",
                    models.message(
                            language,
                            "incidentNotFoundTitle",
                            Texts.of(language).get("incidentNotFound"),
                            "/?lang=" + language,
                            Texts.of(language).get("enterAnother")));
        }
        return pages.respond(HttpStatus.OK, "incident", models.incident(language, incident.get()));
    }
}
