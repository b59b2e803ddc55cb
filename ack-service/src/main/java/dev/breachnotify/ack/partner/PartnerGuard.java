package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.limit.FailedLookupLimiter;
import dev.breachnotify.ack.network.ClientNetworks;
import dev.breachnotify.ack.page.ClientAddresses;
import dev.breachnotify.ack.page.Texts;
import dev.breachnotify.ack.partner.PartnerQueries.PartnerAccess;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.platform.limit.FailureLimiter;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may see which partner page: a known, unexpired code of an advisory that was not withdrawn. Only a miss
 * counts against the lookup limits (shared with the practice pages), so a valid code is never limited; a miss
 * may be answered late or with 429. Unknown and expired-unknown read the same.
 */
@Singleton
class PartnerGuard {

    private final PartnerQueries queries;
    private final PartnerPageModels models;
    private final PartnerRenderer renderer;
    private final FailedLookupLimiter limiter;
    private final ClientAddresses clientAddresses;
    private final AckSettings settings;
    private final Clock clock;

    /** Seven collaborators: the lookup, its limiter and the client's network, and the refusal pages. */
    PartnerGuard(
            PartnerQueries queries,
            PartnerPageModels models,
            PartnerRenderer renderer,
            FailedLookupLimiter limiter,
            ClientAddresses clientAddresses,
            AckSettings settings,
            Clock clock) {
        this.queries = queries;
        this.models = models;
        this.renderer = renderer;
        this.limiter = limiter;
        this.clientAddresses = clientAddresses;
        this.settings = settings;
        this.clock = clock;
    }

    /** The outcome: the partner's access, or the response that refuses it and how late to send it. */
    record Access(PartnerAccess partner, HttpResponse<?> refusal, Duration delay) {}

    /** Counts an unknown code of the client's network; the 429 page if the network is over the limit. */
    HttpResponse<?> countMiss(String lang, HttpRequest<?> request) {
        FailureLimiter.Decision decision = limiter.missed(network(request));
        return decision.refused() ? tooMany(lang, decision.retryAfter()) : null;
    }

    private String network(HttpRequest<?> request) {
        ClientInfo client = ClientNetworks.clientInfo(
                request.getHeaders().get(HttpHeaders.USER_AGENT), clientAddresses.of(request));
        return client.network();
    }

    Access access(String hash, String lang, HttpRequest<?> request) {
        Optional<PartnerAccess> found = queries.access(hash);
        if (found.isEmpty()) {
            FailureLimiter.Decision decision = limiter.missed(network(request));
            if (decision.refused()) {
                return new Access(null, tooMany(lang, decision.retryAfter()), settings.getFailedLookupMaxDelay());
            }
            return new Access(null, notFound(lang), decision.delay());
        }
        PartnerAccess partner = found.get();
        String language = PartnerPageController.language(lang, partner);
        if (partner.expiredAt(clock.instant())) {
            return new Access(
                    null,
                    renderer.respond(
                            HttpStatus.GONE,
                            "message",
                            models.message(
                                    language, "expiredTitle", Texts.expired(language, models.vendor()), null, null)),
                    Duration.ZERO);
        }
        if (partner.retractedAt() != null) {
            String when = Texts.dateTime(language, partner.retractedAt(), settings.getTimeZone());
            String text =
                    Texts.retracted(language, models.vendor(), when, partner.retractionReason(), partner.superseded());
            return new Access(
                    null,
                    renderer.respond(
                            HttpStatus.GONE, "message", models.message(language, "retractedTitle", text, null, null)),
                    Duration.ZERO);
        }
        return new Access(partner, null, Duration.ZERO);
    }

    /** A code that is not one (wrong length, characters or check character). */
    HttpResponse<?> badCode(String lang, String typed) {
        String language = Texts.language(lang);
        String problem = AckCode.check(typed).problem();
        return renderer.respond(
                HttpStatus.BAD_REQUEST,
                "message",
                models.message(
                        language,
                        "notFoundTitle",
                        Texts.codeProblem(language, problem),
                        "/?lang=" + language,
                        Texts.of(language).get("enterAnother")));
    }

    /** A form without a valid token: forged, or open for longer than a token lives. */
    HttpResponse<?> forbidden(String lang, AckCode code) {
        String language = Texts.language(lang);
        return renderer.respond(
                HttpStatus.FORBIDDEN,
                "message",
                models.message(
                        language,
                        "forbiddenTitle",
                        Texts.forbidden(language),
                        PartnerPageController.pageUri(code, language, null, 1, 0)
                                .toString(),
                        PartnerTexts.text(language, "reopen")));
    }

    private HttpResponse<?> notFound(String lang) {
        String language = Texts.language(lang);
        return renderer.respond(
                HttpStatus.NOT_FOUND,
                "message",
                models.message(
                        language,
                        "notFoundTitle",
                        Texts.notFound(language, models.vendor()),
                        "/?lang=" + language,
                        Texts.of(language).get("enterAnother")));
    }

    private HttpResponse<?> tooMany(String lang, Duration retryAfter) {
        String language = Texts.language(lang);
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return renderer.respond(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "message",
                        models.message(
                                language, "tooManyTitle", PartnerTexts.text(language, "tooManyText"), null, null))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
}
