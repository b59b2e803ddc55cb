package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.page.FormTokens;
import dev.breachnotify.ack.page.Texts;
import dev.breachnotify.ack.partner.PartnerPageModels.Entered;
import dev.breachnotify.ack.partner.PartnerQueries.PartnerAccess;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IT service partner's page: {@code GET /p/{code}} lists the partner's practices for the advisory (searchable,
 * paged), {@code POST /p/{code}} records answers for one or several practices, {@code POST /p/{code}/csv} a CSV
 * file of them. The same rules as the practice page: a GET only reads (mail scanners open every link); a POST
 * writes only with a valid form token bound to the code; the code is hashed at once and never logged; an unknown
 * code counts against the lookup limits, a known one never.
 */
@Controller("/p")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
public class PartnerPageController {

    static final int PAGE_SIZE = 50;
    /** Form tokens of the partner page are bound to this prefix and the code's hash: useless on a practice page. */
    static final String TOKEN_SCOPE = "partner:";

    private static final Logger LOG = LoggerFactory.getLogger(PartnerPageController.class);

    private final PartnerQueries queries;
    private final PartnerPageModels models;
    private final PartnerRenderer renderer;
    private final PartnerRecorder recorder;
    private final FormTokens tokens;
    private final PartnerGuard guard;
    private final MeterRegistry metrics;

    public PartnerPageController(
            PartnerQueries queries,
            PartnerPageModels models,
            PartnerRenderer renderer,
            PartnerRecorder recorder,
            FormTokens tokens,
            PartnerGuard guard,
            MeterRegistry metrics) {
        this.queries = queries;
        this.models = models;
        this.renderer = renderer;
        this.recorder = recorder;
        this.tokens = tokens;
        this.guard = guard;
        this.metrics = metrics;
    }

    /** The partner's practices. Reads only; on the pages' pool, as the practice page. */
    @ExecuteOn("pages")
    @Get("/{code}")
    public CompletableFuture<HttpResponse<?>> show(
            @PathVariable("code") String code,
            @Nullable @QueryValue("q") String q,
            @Nullable @QueryValue("page") String page,
            @Nullable @QueryValue("lang") String lang,
            @Nullable @QueryValue("saved") String saved,
            HttpRequest<?> request) {
        Optional<AckCode> parsed = AckCode.parse(code);
        if (parsed.isEmpty()) {
            return done(guard.badCode(lang, code));
        }
        PartnerGuard.Access access = guard.access(parsed.get().hash(), lang, request);
        if (access.refusal() != null) {
            return later(access.refusal(), access.delay());
        }
        String language = language(lang, access.partner());
        String notice = savedCount(saved) > 0 ? PartnerTexts.format(language, "savedNotice", savedCount(saved)) : null;
        return done(view(
                HttpStatus.OK,
                parsed.get(),
                access.partner(),
                language,
                clip(q),
                number(page),
                notice,
                List.of(),
                Entered.empty()));
    }

    /** Answers for the ticked practices, or for the practice of the row whose button was pressed. */
    @Post(value = "/{code}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> submit(
            @PathVariable("code") String code, @Nullable @Body String body, HttpRequest<?> request) {
        Map<String, List<String>> fields = PartnerForm.fields(body);
        String lang = PartnerForm.first(fields, "lang");
        String q = clip(PartnerForm.first(fields, "q"));
        int page = number(PartnerForm.first(fields, "page"));
        Optional<AckCode> parsed = AckCode.parse(code);
        if (parsed.isEmpty()) {
            return guard.badCode(lang, code);
        }
        AckCode ackCode = parsed.get();
        if (!tokens.verify(TOKEN_SCOPE + ackCode.hash(), PartnerForm.first(fields, "csrf"))) {
            count("forged-or-expired-form");
            return guard.forbidden(lang, ackCode);
        }
        PartnerGuard.Access access = guard.access(ackCode.hash(), lang, request);
        if (access.refusal() != null) {
            return access.refusal();
        }
        PartnerAccess partner = access.partner();
        String language = language(lang, partner);
        PartnerForm.Result result = PartnerForm.validate(
                fields, queries.responsibilities(partner.advisoryId(), partner.partnerId()), models.today());
        if (!result.valid()) {
            count("invalid");
            Entered entered = new Entered(
                    result.confirmedBy(),
                    PartnerForm.first(fields, PartnerForm.ACTION),
                    Optional.ofNullable(PartnerForm.first(fields, PartnerForm.CHANGED_ON))
                            .orElse(""),
                    Optional.ofNullable(PartnerForm.first(fields, PartnerForm.CREDENTIAL))
                            .orElse(PartnerForm.ALL),
                    List.copyOf(PartnerForm.practices(fields)));
            return view(HttpStatus.BAD_REQUEST, ackCode, partner, language, q, page, null, result.problems(), entered);
        }
        return record(ackCode, partner, language, result.answers(), result.confirmedBy(), q, page);
    }

    /** A CSV file of answers: all recorded, or none and a report of every bad line. */
    @Post(value = "/{code}/csv", consumes = MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> upload(
            @PathVariable("code") String code,
            @Nullable @Part("csrf") String csrf,
            @Nullable @Part("lang") String lang,
            @Nullable @Part("name") String name,
            @Nullable @Part("file") CompletedFileUpload file,
            HttpRequest<?> request) {
        Optional<AckCode> parsed = AckCode.parse(code);
        if (parsed.isEmpty()) {
            return guard.badCode(lang, code);
        }
        AckCode ackCode = parsed.get();
        if (!tokens.verify(TOKEN_SCOPE + ackCode.hash(), csrf)) {
            count("forged-or-expired-form");
            return guard.forbidden(lang, ackCode);
        }
        PartnerGuard.Access access = guard.access(ackCode.hash(), lang, request);
        if (access.refusal() != null) {
            return access.refusal();
        }
        PartnerAccess partner = access.partner();
        String language = language(lang, partner);
        String confirmedBy = AnswerRules.cleanName(name);
        Problem nameProblem = AnswerRules.nameProblem(confirmedBy);
        if (nameProblem != null) {
            count("invalid");
            return view(
                    HttpStatus.BAD_REQUEST,
                    ackCode,
                    partner,
                    language,
                    null,
                    1,
                    null,
                    List.of(nameProblem),
                    new Entered(confirmedBy, PartnerForm.CHANGED, "", PartnerForm.ALL, List.of()));
        }
        byte[] bytes;
        try {
            bytes = file == null ? new byte[0] : file.getBytes();
        } catch (IOException e) {
            bytes = new byte[0];
        }
        AnswerRules rules =
                new AnswerRules(queries.responsibilities(partner.advisoryId(), partner.partnerId()), models.today());
        PartnerCsv.Report report = PartnerCsv.read(bytes, rules);
        if (!report.valid()) {
            count("invalid-file");
            return renderer.respond(
                    HttpStatus.BAD_REQUEST,
                    "report",
                    models.report(language, pageUri(ackCode, language, null, 1, 0), report));
        }
        return record(ackCode, partner, language, report.answers(), confirmedBy, null, 1);
    }

    private HttpResponse<?> record(
            AckCode code,
            PartnerAccess partner,
            String language,
            List<PartnerAnswer> answers,
            String confirmedBy,
            String q,
            int page) {
        try {
            recorder.record(partner, answers, confirmedBy);
        } catch (EventPublisher.EventPublishException e) {
            count("unavailable");
            LOG.error("A partner submission could not be published: {}", e.getMessage());
            return renderer.respond(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "message",
                    models.message(
                            language, "unavailableTitle", PartnerTexts.text(language, "unavailableText"), null, null));
        }
        count("recorded");
        return HttpResponse.seeOther(pageUri(code, language, q, page, answers.size()));
    }

    private HttpResponse<?> view(
            HttpStatus status,
            AckCode code,
            PartnerAccess partner,
            String language,
            String q,
            int page,
            String notice,
            List<Problem> problems,
            Entered entered) {
        PartnerQueries.Listing listing = queries.listing(partner.advisoryId(), partner.partnerId(), q, page, PAGE_SIZE);
        return renderer.respond(
                status,
                "partner",
                models.page(
                        language,
                        code.formatted(),
                        tokens.issue(TOKEN_SCOPE + code.hash()),
                        partner,
                        listing,
                        q,
                        notice,
                        problems,
                        entered));
    }

    static URI pageUri(AckCode code, String language, String q, int page, int saved) {
        StringBuilder uri = new StringBuilder("/p/")
                .append(code.formatted())
                .append("?lang=")
                .append(language);
        if (q != null && !q.isBlank()) {
            uri.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (page > 1) {
            uri.append("&page=").append(page);
        }
        if (saved > 0) {
            uri.append("&saved=").append(saved);
        }
        return URI.create(uri.toString());
    }

    /** The language asked for, else the one the partner's mail named, else German. */
    static String language(String requested, PartnerAccess partner) {
        if (requested != null && Texts.offered(requested.strip())) {
            return requested.strip();
        }
        return partner.language() == null ? Texts.GERMAN : Texts.language(partner.language());
    }

    /** A search of at most 100 characters. */
    private static String clip(String q) {
        if (q == null) {
            return null;
        }
        String stripped = AnswerRules.cleanName(q);
        return stripped.length() > 100 ? stripped.substring(0, 100) : stripped;
    }

    private static int number(String text) {
        try {
            return text == null ? 1 : Math.max(1, Math.min(100_000, Integer.parseInt(text.strip())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static int savedCount(String saved) {
        try {
            return saved == null ? 0 : Math.max(0, Integer.parseInt(saved));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void count(String outcome) {
        metrics.counter("ack.partner.submissions", "outcome", outcome).increment();
    }

    private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }

    private static CompletableFuture<HttpResponse<?>> later(HttpResponse<?> response, Duration delay) {
        if (delay.isZero()) {
            return done(response);
        }
        return CompletableFuture.supplyAsync(
                () -> response, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }
}
