package dev.breachnotify.ack.progress;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/** The progress of an advisory, for the communications team. */
@Controller("/api/advisories")
@Secured({Roles.COMMUNICATIONS, Roles.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.APPLICATION_JSON)
public class ProgressController {

    private final ProgressQueries queries;

    public ProgressController(ProgressQueries queries) {
        this.queries = queries;
    }

    /** 200 with the counts, 404 for an advisory that was not published. */
    @Get("/{advisoryId}/progress")
    public HttpResponse<AdvisoryProgress> progress(@PathVariable("advisoryId") String advisoryId) {
        return queries.progress(advisoryId)
                .<HttpResponse<AdvisoryProgress>>map(HttpResponse::ok)
                .orElseGet(HttpResponse::notFound);
    }
}
