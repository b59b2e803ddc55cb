package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.projection.ProjectionQueries;
import dev.breachnotify.events.AckCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Optional;

/**
 * A partner's code typed into the code entry form ({@code GET /enter}, on the start and incident pages) goes to
 * the partner's page; every other code goes on to the practice page as before.
 *
 * <p>The answer tells whether a code is a partner's, so a code that is neither a partner's nor a practice's counts
 * against the lookup limits here as on the pages, and a network over the limit gets 429.
 */
@ServerFilter("/enter")
class PartnerCodeEntryFilter {

    private final PartnerQueries partners;
    private final ProjectionQueries practices;
    private final PartnerGuard guard;

    PartnerCodeEntryFilter(PartnerQueries partners, ProjectionQueries practices, PartnerGuard guard) {
        this.partners = partners;
        this.practices = practices;
        this.guard = guard;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> partnerCode(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET) {
            return null;
        }
        Optional<AckCode> code = AckCode.parse(request.getParameters().get("code"));
        if (code.isEmpty()) {
            return null; // the form shows the problem
        }
        String lang = request.getParameters().get("lang");
        String hash = code.get().hash();
        if (partners.access(hash).isPresent()) {
            String language =
                    lang != null && ("en".equals(lang.strip()) || "de".equals(lang.strip())) ? lang.strip() : null;
            return HttpResponse.seeOther(
                    URI.create("/p/" + code.get().formatted() + (language == null ? "" : "?lang=" + language)));
        }
        if (practices.accessCode(hash).isEmpty()) {
            return guard.countMiss(lang, request);
        }
        return null;
    }
}
