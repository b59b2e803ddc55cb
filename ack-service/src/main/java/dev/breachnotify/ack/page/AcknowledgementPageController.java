package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.limit.FailedLookupLimiter;
import dev.breachnotify.ack.network.ClientNetworks;
import dev.breachnotify.ack.projection.ProjectionQueries;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticePage;
import dev.breachnotify.ack.visit.VisitRecorder;
import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.Credential;
import dev.breachnotify.platform.kafka.EventPublisher;
import dev.breachnotify.platform.limit.FailureLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Trace;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The practices' pages: code entry ({@code GET /}, {@code GET /enter}), the advisory of a code with what the
 * practice confirmed so far ({@code GET /a/{code}}) and the confirmation form ({@code POST /a/{code}}).
 *
 * <p>Mail security gateways open every link, so a GET only reads. The code is in the path and nowhere else:
 * it is hashed at once and never logged; only its hash is looked up.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(AcknowledgementPageController.EXECUTOR)
@Produces(MediaType.TEXT_HTML)
public class AcknowledgementPageController {

    /** The pages' thread pool ({@code micronaut.executors.pages}: fixed, one thread per database connection). */
    static final String EXECUTOR = "pages";

    static final String CSRF_FIELD = "csrf";
    static final String LANG_FIELD = "lang";

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgementPageController.class);

    private final ProjectionQueries queries;
    private final PageModels models;
    private final FormTokens tokens;
    private final SubmissionRecorder recorder;
    private final ClientAddresses clientAddresses;
    private final AckSettings settings;
    private final Clock clock;
    private final FailedLookupLimiter limiter;
    private final VisitRecorder visits;
    private final MeterRegistry metrics;
    private final PageRenderer pages;

    /**
     * Eleven collaborators, on purpose: this class is the practice's whole request path, and keeping it in one place
     * keeps its security rules in one place (a GET only reads and records a visit; a POST writes only with a valid
     * form token; a failed lookup is counted per network before anything else happens). Each collaborator is one of
     * those steps; splitting the controller would spread the rules over several classes without removing any.
     */
    public AcknowledgementPageController(
            ProjectionQueries queries,
            PageModels models,
            FormTokens tokens,
            SubmissionRecorder recorder,
            ClientAddresses clientAddresses,
            AckSettings settings,
            Clock clock,
            FailedLookupLimiter limiter,
            VisitRecorder visits,
            MeterRegistry metrics,
            PageRenderer pages) {
        this.metrics = metrics;
        this.pages = pages;
        this.limiter = limiter;
        this.visits = visits;
        this.queries = queries;
        this.models = models;
        this.tokens = tokens;
        this.recorder = recorder;
        this.clientAddresses = clientAddresses;
        this.settings = settings;
        this.clock = clock;
    }

    /** The code-entry page for letter recipients. */
    @Get("/")
    public HttpResponse<?> entry(@Nullable @QueryValue(LANG_FIELD) String lang) {
        return view(HttpStatus.OK, "enter", models.entry(Texts.language(lang), null, null));
    }

    /** The code-entry form's target: on to the code's page, or the form again with the problem. */
    @Get("/enter")
    public HttpResponse<?> enter(
            @Nullable @QueryValue("code") String code, @Nullable @QueryValue(LANG_FIELD) String lang) {
        String language = Texts.language(lang);
        AckCode.ParseResult parsed = AckCode.check(code);
        if (!parsed.valid()) {
            return view(HttpStatus.BAD_REQUEST, "enter", models.entry(language, code, parsed.problem()));
        }
        return HttpResponse.seeOther(pageUri(parsed.code().get(), explicit(lang), false));
    }

    /**
     * The advisory of a code. Reads only. An unknown code's answer may be sent late (the lookup limits): it is
     * then completed by a timer, holding no thread of the pages' pool while it waits.
     */
    @Get("/a/{code}")
    public CompletableFuture<HttpResponse<?>> show(
            @PathVariable("code") String code,
            @Nullable @QueryValue(LANG_FIELD) String lang,
            @Nullable @QueryValue("saved") String saved,
            HttpRequest<?> request) {
        AckCode.ParseResult parsed = AckCode.check(code);
        if (!parsed.valid()) {
            return CompletableFuture.completedFuture(
                    view(HttpStatus.BAD_REQUEST, "enter", models.entry(Texts.language(lang), code, parsed.problem())));
        }
        AckCode ackCode = parsed.code().get();
        String hash = ackCode.hash();
        Access access = access(hash, lang, request, "GET");
        if (access.refusal() != null) {
            return later(access.refusal(), access.delay());
        }
        String language = language(lang, access.page());
        return CompletableFuture.completedFuture(view(
                HttpStatus.OK,
                "advisory",
                models.advisory(
                        language,
                        ackCode.formatted(),
                        access.page(),
                        tokens.issue(hash),
                        "1".equals(saved),
                        List.of(),
                        ConfirmationForm.Entered.empty())));
    }

    private static CompletableFuture<HttpResponse<?>> later(HttpResponse<?> response, Duration delay) {
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(
                () -> response, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * The confirmation form. Recorded only with a valid anti-forgery token and valid answers. On the blocking
     * executor, not the pages' pool: a submission mostly waits for Kafka's acknowledgement of its events, and
     * ten threads waiting so would cap submissions at a few hundred a second.
     */
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(value = "/a/{code}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> submit(
            @PathVariable("code") String code, @Nullable @Body String body, HttpRequest<?> request) {
        // The body as text, its fields read here: cheaper than the framework's multipart-capable form decoder
        Map<String, String> form = ConfirmationForm.fields(body);
        String lang = form.get(LANG_FIELD);
        AckCode.ParseResult parsed = AckCode.check(code);
        if (!parsed.valid()) {
            return view(HttpStatus.BAD_REQUEST, "enter", models.entry(Texts.language(lang), code, parsed.problem()));
        }
        AckCode ackCode = parsed.code().get();
        String hash = ackCode.hash();
        if (!tokens.verify(hash, form.get(CSRF_FIELD))) {
            countSubmission("forged-or-expired-form");
            String language = Texts.language(lang);
            return view(
                    HttpStatus.FORBIDDEN,
                    "message",
                    models.message(
                            language,
                            "forbiddenTitle",
                            Texts.forbidden(language),
                            pageUri(ackCode, explicit(lang), false).toString(),
                            Texts.of(language).get("reopen")));
        }
        Access access = access(hash, lang, request, "POST");
        if (access.refusal() != null) {
            return access.refusal();
        }
        PracticePage page = access.page();
        String language = language(lang, page);
        List<Credential> credentials = page.advisory().credentials() == null
                ? List.of()
                : page.advisory().credentials();
        ConfirmationForm.Result result = ConfirmationForm.validate(form, credentials, models.today());
        if (!result.valid()) {
            countSubmission("invalid");
            return view(
                    HttpStatus.BAD_REQUEST,
                    "advisory",
                    models.advisory(
                            language,
                            ackCode.formatted(),
                            page,
                            tokens.issue(hash),
                            false,
                            result.problems(),
                            result.entered()));
        }
        try {
            recorder.record(page.code(), result.submission(), access.client());
        } catch (EventPublisher.EventPublishException e) {
            countSubmission("unavailable");
            LOG.error("A submission could not be published: {}", e.getMessage());
            return view(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "message",
                    models.message(
                            language, "unavailableTitle", Texts.of(language).get("unavailableText"), null, null));
        }
        countSubmission("recorded");
        return HttpResponse.seeOther(pageUri(ackCode, explicit(lang), true));
    }

    /** An acknowledgement link is read (GET) and its form posted (POST); nothing else. */
    @Put("/a/{code}")
    public HttpResponse<?> put() {
        return methodNotAllowed();
    }

    /** See {@link #put()}. */
    @Patch("/a/{code}")
    public HttpResponse<?> patch() {
        return methodNotAllowed();
    }

    /** See {@link #put()}. */
    @Delete("/a/{code}")
    public HttpResponse<?> delete() {
        return methodNotAllowed();
    }

    /** See {@link #put()}. */
    @Options("/a/{code}")
    public HttpResponse<?> options() {
        return methodNotAllowed();
    }

    /** See {@link #put()}. */
    @Trace("/a/{code}")
    public HttpResponse<?> trace() {
        return methodNotAllowed();
    }

    private static HttpResponse<?> methodNotAllowed() {
        return HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "GET, POST")
                .contentType(MediaType.TEXT_PLAIN_TYPE)
                .body("405: an acknowledgement link takes GET and POST only");
    }

    /** Submissions of the form by outcome ({@code ack_submissions_total} in Prometheus). */
    private void countSubmission(String outcome) {
        metrics.counter("ack.submissions", "outcome", outcome).increment();
    }

    /**
     * Who asks for which code: a known and unexpired code gives the practice's page and records the visit (the
     * audit trail of the access, not a change of the acknowledgement); otherwise the response that refuses it.
     * The code is looked up first and only a miss counts against the lookup limits, so a valid code is never
     * limited; a miss may be answered late or with 429.
     */
    private Access access(String hash, String lang, HttpRequest<?> request, String method) {
        ClientInfo client = client(request);
        Optional<PracticePage> page = queries.practicePage(hash);
        if (page.isEmpty()) {
            FailureLimiter.Decision decision = limiter.missed(client.network());
            if (decision.refused()) {
                // late as well, so that a client that waits for its answers is slowed by a 429 too
                return new Access(
                        null, client, tooManyLookups(lang, decision.retryAfter()), settings.getFailedLookupMaxDelay());
            }
            return new Access(null, client, unavailableCode(page, lang), decision.delay());
        }
        if (page.get().code().expiredAt(clock.instant())) {
            return new Access(null, client, unavailableCode(page, lang), Duration.ZERO);
        }
        visits.visited(page.get().code(), method, client);
        if (page.get().retraction().isPresent()) {
            return new Access(null, client, withdrawn(page.get(), lang), Duration.ZERO);
        }
        return new Access(page.get(), client, null, Duration.ZERO);
    }

    /** The outcome of {@link #access}: the page, or the refusal and how late to send it. */
    private record Access(PracticePage page, ClientInfo client, HttpResponse<?> refusal, Duration delay) {}

    /** What is recorded about the client of a request: user agent and /24 or /48 network. */
    private ClientInfo client(HttpRequest<?> request) {
        InetAddress address = clientAddresses.of(request);
        return ClientNetworks.clientInfo(request.getHeaders().get(HttpHeaders.USER_AGENT), address);
    }

    private HttpResponse<?> tooManyLookups(String lang, Duration retryAfter) {
        String language = Texts.language(lang);
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return view(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "message",
                        models.message(
                                language, "tooManyTitle", Texts.of(language).get("tooManyText"), null, null))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    /** The advisory was withdrawn: say so, since when and why; nothing can be confirmed. */
    private HttpResponse<?> withdrawn(PracticePage page, String lang) {
        String language = language(lang, page);
        ProjectionQueries.Retraction retraction = page.retraction().orElseThrow();
        String when = Texts.dateTime(language, retraction.retractedAt(), settings.getTimeZone());
        return view(
                HttpStatus.GONE,
                "message",
                models.message(
                        language,
                        "retractedTitle",
                        Texts.retracted(
                                language,
                                models.vendor(),
                                when,
                                retraction.reason(),
                                retraction.supersededBy() != null),
                        null,
                        null));
    }

    private HttpResponse<?> unavailableCode(Optional<PracticePage> page, String lang) {
        // Unknown and expired-unknown read the same, so that the page does not tell which codes exist;
        // only a code whose hash is on record gets the "expired" page.
        if (page.isPresent()) {
            String language = language(lang, page.get());
            return view(
                    HttpStatus.GONE,
                    "message",
                    models.message(language, "expiredTitle", Texts.expired(language, models.vendor()), null, null));
        }
        String language = Texts.language(lang);
        return view(
                HttpStatus.NOT_FOUND,
                "message",
                models.message(
                        language,
                        "notFoundTitle",
                        Texts.notFound(language, models.vendor()),
                        "/" + (explicit(lang) != null ? "?lang=" + explicit(lang) : ""),
                        Texts.of(language).get("enterAnother")));
    }

    /** The language asked for, else the practice's, else the one its notification named, else German. */
    private static String language(String requested, PracticePage page) {
        String explicit = explicit(requested);
        if (explicit != null) {
            return explicit;
        }
        return page.practice()
                .map(ProjectionQueries.PracticeName::language)
                .or(() -> Optional.ofNullable(page.code().language()))
                .map(Texts::language)
                .orElse(Texts.GERMAN);
    }

    private static String explicit(String requested) {
        return requested != null && Texts.offered(requested.strip()) ? requested.strip() : null;
    }

    private static URI pageUri(AckCode code, String lang, boolean saved) {
        StringBuilder uri = new StringBuilder("/a/").append(code.formatted());
        char separator = '?';
        if (saved) {
            uri.append(separator).append("saved=1");
            separator = '&';
        }
        if (lang != null) {
            uri.append(separator).append("lang=").append(lang);
        }
        return URI.create(uri.toString());
    }

    private MutableHttpResponse<byte[]> view(HttpStatus status, String view, Object page) {
        return pages.respond(status, view, page);
    }
}
