package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.code.AckLinks;
import dev.breachnotify.notifier.directory.DirectoryColumns;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.email.Mailer;
import dev.breachnotify.notifier.email.OutgoingMail;
import dev.breachnotify.notifier.email.SendOutcome;
import dev.breachnotify.notifier.email.SmtpSettings;
import dev.breachnotify.notifier.escalation.EscalationPlanner;
import dev.breachnotify.notifier.guide.GuideCompiler;
import dev.breachnotify.notifier.letter.LetterRenderer;
import dev.breachnotify.notifier.lifecycle.AdvisoryLifecycle;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.LifecycleException;
import dev.breachnotify.notifier.lifecycle.PrintedBatches;
import dev.breachnotify.notifier.lifecycle.PublishedAdvisories;
import dev.breachnotify.notifier.lifecycle.SendGate;
import dev.breachnotify.notifier.lifecycle.Transition;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.notifier.template.MailRenderer;
import dev.breachnotify.notifier.template.RenderedMail;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Draft, preview and publish. A published advisory is immutable; a correction is a new one. Publishing is the
 * lifecycle's first transition ({@link AdvisoryLifecycle}); a test send asks the {@link SendGate} like every other
 * outbound path.
 */
@Singleton
public class AdvisoryService implements PublishedAdvisories {

    /** Shown in previews instead of a real code, which nobody but the practice should see. */
    static final String PREVIEW_CODE = "XXXX-XXXX-XXXX-XXXX-X";

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** The largest {@code advisory.published} record: below Kafka's default limit of 1 MiB per record. */
    static final int MAX_EVENT_BYTES = 900_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TransactionOperations<Connection> transactions;
    private final AdvisoryStore advisories;
    private final PracticeStore practices;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final MailRenderer renderer;
    private final AckLinks links;
    private final Clock clock;
    private final Mailer mailer;
    private final EscalationPlanner escalations;
    private final LetterRenderer letters;
    private final List<String> testDomains;
    private final Map<String, AdvisoryPublished> publishedCache = new ConcurrentHashMap<>();
    private final Lifecycle lifecycle;

    /** The lifecycle's parts that drafting, publishing and test sends need. */
    @Singleton
    record Lifecycle(AdvisoryLifecycle transitions, SendGate gate, PrintedBatches printed) {}

    /**
     * Many collaborators, because this service is where a draft meets everything it will become: the directory,
     * mail and letter renderers (previews), the mailer (test sends), the escalation planner and the outbox (publish).
     */
    public AdvisoryService(
            TransactionOperations<Connection> transactions,
            AdvisoryStore advisories,
            PracticeStore practices,
            OutboxWriter outbox,
            EventFactory events,
            MailRenderer renderer,
            AckLinks links,
            Mailer mailer,
            @Value("${breachnotify.notifier.test-recipient-domains:}") List<String> testDomains,
            SmtpSettings smtp,
            Clock clock,
            EscalationPlanner escalations,
            LetterRenderer letters,
            Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.mailer = mailer;
        this.letters = letters;
        this.escalations = escalations;
        List<String> domains = testDomains.stream()
                .filter(domain -> !domain.isBlank())
                .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
                .toList();
        this.testDomains = domains.isEmpty() ? List.of(smtp.fromDomain()) : domains;
        this.transactions = transactions;
        this.advisories = advisories;
        this.practices = practices;
        this.outbox = outbox;
        this.events = events;
        this.renderer = renderer;
        this.links = links;
        this.clock = clock;
    }

    public Advisory create(AdvisoryDraft submitted, String author) {
        AdvisoryDraft defaulted = submitted.withDefaults();
        List<String> problems = new ArrayList<>(AdvisoryValidator.problems(defaulted, today()));
        GuideCompiler.Compiled guides = GuideCompiler.compile(
                defaulted.guides(),
                defaulted.images(),
                defaulted.credentials().stream().map(Credential::id).toList(),
                DirectoryColumns.VARIANT_FIELDS);
        problems.addAll(guides.messages());
        AdvisoryDraft draft = defaulted.withCompiledGuides(guides.guides());
        if (!problems.isEmpty()) {
            throw new AdvisoryException(
                    HttpStatus.BAD_REQUEST, "the advisory has " + problems.size() + " problem(s)", problems);
        }
        Advisory advisory = new Advisory(
                newId(), Advisory.Status.DRAFT, draft, author, clock.instant(), null, null, null, AdvisoryState.DRAFT);
        int size = EventCodec.encode(events.wrap(toEvent(advisory, author, clock.instant()))).length;
        if (size > MAX_EVENT_BYTES) {
            throw new AdvisoryException(
                    HttpStatus.BAD_REQUEST,
                    "the advisory has 1 problem(s)",
                    List.of("guides: the published advisory would be " + size + " bytes, at most " + MAX_EVENT_BYTES
                            + " (one Kafka record): shorten the guides or use smaller images"));
        }
        transactions.executeWrite(status -> {
            if (draft.supersedes() != null
                    && advisories
                            .find(status.getConnection(), draft.supersedes(), false)
                            .isEmpty()) {
                throw new AdvisoryException(HttpStatus.BAD_REQUEST, "supersedes: no advisory " + draft.supersedes());
            }
            advisories.insert(status.getConnection(), advisory);
            return null;
        });
        return advisory;
    }

    /** The advisory; a withdrawn one with the print batches that were at the printer before its withdrawal. */
    public Advisory get(String advisoryId) {
        return transactions.executeRead(status -> {
            Advisory advisory =
                    advisories.find(status.getConnection(), advisoryId, false).orElseThrow(() -> notFound(advisoryId));
            return advisory.withdrawal() == null
                    ? advisory
                    : advisory.withWithdrawal(advisory.withdrawal()
                            .withBatches(lifecycle.printed().handedOver(status.getConnection(), advisoryId)));
        });
    }

    /** The latest advisories, newest first (drafts and published). */
    public List<Advisory> latest(int limit) {
        return transactions.executeRead(status -> advisories.latest(status.getConnection(), limit));
    }

    /** Who publishing the advisory now would reach, and over which channel; changes nothing. */
    public ChannelForecast forecast(String advisoryId) {
        Advisory advisory = get(advisoryId);
        AdvisoryPublished event = toEvent(advisory, "forecast", clock.instant());
        return transactions.executeRead(status -> {
            ChannelForecast forecast = ChannelForecast.empty(advisoryId);
            String after = null;
            List<Practice> page;
            while (!(page = practices.page(status.getConnection(), event.audience(), after, 1_000)).isEmpty()) {
                for (Practice practice : page) {
                    forecast = forecast.plus(event, practice);
                }
                after = page.get(page.size() - 1).practiceId();
            }
            return forecast;
        });
    }

    /** The mail one practice would get, with a placeholder instead of its code. */
    public RenderedMail preview(String advisoryId, String practiceId, String language) {
        Advisory advisory = get(advisoryId);
        return renderer.render(
                toEvent(advisory, "preview", clock.instant()),
                previewPractice(practiceId, language),
                links.linkTemplate().replace(AckLinks.CODE, PREVIEW_CODE),
                PREVIEW_CODE);
    }

    /**
     * The guides one practice's page and letter would show: for each credential with a guide, the one of the
     * practice's variant in its language (or {@code language}), as published (HTML and hash).
     */
    public List<dev.breachnotify.events.Guide> guidesPreview(String advisoryId, String practiceId, String language) {
        AdvisoryPublished event = toEvent(get(advisoryId), "preview", clock.instant());
        Practice practice = previewPractice(practiceId, language);
        return event.credentials().stream()
                .map(credential -> event.guideFor(credential.id(), practice.language(), practice.attributes()))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The letter (PDF) one practice would get, with a placeholder instead of its code. */
    public byte[] letterPreview(String advisoryId, String practiceId, String language) {
        Advisory advisory = get(advisoryId);
        return letters.preview(
                toEvent(advisory, "preview", clock.instant()),
                previewPractice(practiceId, language),
                PREVIEW_CODE,
                links.linkTemplate().replace(AckLinks.CODE, PREVIEW_CODE),
                today());
    }

    private Practice previewPractice(String practiceId, String language) {
        Practice practice = transactions
                .executeRead(status -> practices.findByIds(status.getConnection(), List.of(practiceId)))
                .get(practiceId);
        if (practice == null) {
            throw new AdvisoryException(HttpStatus.NOT_FOUND, "no practice " + practiceId);
        }
        if (language != null) {
            practice = new Practice(
                    practice.practiceId(),
                    practice.name(),
                    practice.contactPerson(),
                    practice.emails(),
                    practice.address(),
                    language,
                    practice.segment(),
                    practice.preferredChannel(),
                    practice.attributes());
        }
        return practice;
    }

    /**
     * Sends the mail one practice would get to an internal address (one of the configured test domains),
     * with placeholders instead of the practice's code and link.
     */
    public SendOutcome testSend(String advisoryId, String practiceId, String to) {
        String domain = to == null ? "" : to.substring(to.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (to == null || !to.contains("@") || !testDomains.contains(domain)) {
            throw new AdvisoryException(
                    HttpStatus.BAD_REQUEST,
                    "to: test mails go only to addresses at " + testDomains
                            + " (breachnotify.notifier.test-recipient-domains)");
        }
        RenderedMail mail = preview(advisoryId, practiceId, null);
        AdvisoryState state = transactions
                .executeRead(status -> lifecycle.gate().read(status.getConnection(), List.of(advisoryId)))
                .get(advisoryId);
        if (state.answer(AdvisoryState.Outbound.TEST_SEND) != AdvisoryState.Answer.SEND) {
            throw new LifecycleException(
                    advisoryId,
                    state,
                    "advisory " + advisoryId + " is " + state.label() + ": no test mail is sent for it");
        }
        return mailer.send(new OutgoingMail(
                UUID.randomUUID(),
                List.of(to),
                "de",
                new RenderedMail("[TEST] " + mail.subject(), mail.text(), mail.html())));
    }

    public PublishResult publish(String advisoryId, String publisher) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Advisory advisory = advisories.find(connection, advisoryId, true).orElseThrow(() -> notFound(advisoryId));
            lifecycle.transitions().begin(connection, advisoryId, Transition.PUBLISH);
            List<String> problems = AdvisoryValidator.problems(advisory.content(), today());
            if (!problems.isEmpty()) {
                throw new AdvisoryException(
                        HttpStatus.UNPROCESSABLE_ENTITY, "the advisory cannot be published", problems);
            }
            String vendorProblem = renderer.vendor().problem();
            if (vendorProblem != null) {
                throw new AdvisoryException(
                        HttpStatus.UNPROCESSABLE_ENTITY, "the advisory cannot be published: " + vendorProblem);
            }
            long targeted = practices.count(connection, advisory.content().audience());
            if (targeted == 0) {
                throw new AdvisoryException(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "the advisory's audience contains no practice; import the directory first");
            }
            Instant now = clock.instant();
            advisories.markPublished(connection, advisoryId, publisher, now);
            AdvisoryPublished event = toEvent(advisory, publisher, now);
            EscalationSchedule schedule = advisory.content().schedule() == null
                    ? EscalationSchedule.DEFAULT
                    : advisory.content().schedule().withDefaults();
            escalations.schedule(connection, event, schedule.reminderAfterDays(), schedule.letterAfterDays());
            outbox.append(connection, List.of(events.wrap(event)));
            return new PublishResult(advisoryId, now, targeted);
        });
    }

    /** A published advisory as its event; published advisories are immutable, so they are cached. */
    @Override
    public AdvisoryPublished published(String advisoryId) {
        return publishedCache.computeIfAbsent(advisoryId, id -> {
            Advisory advisory = transactions
                    .executeRead(status -> advisories.find(status.getConnection(), id, false))
                    .orElseThrow(() -> notFound(id));
            if (advisory.status() != Advisory.Status.PUBLISHED) {
                throw new LifecycleException(id, AdvisoryState.DRAFT, "advisory " + id + " is a draft, not published");
            }
            return toEvent(advisory, advisory.publishedBy(), advisory.publishedAt());
        });
    }

    private static AdvisoryPublished toEvent(Advisory advisory, String publisher, Instant publishedAt) {
        AdvisoryDraft content = advisory.content();
        return new AdvisoryPublished(
                advisory.advisoryId(),
                content.title(),
                Map.copyOf(content.texts()),
                content.credentials(),
                content.deadline(),
                content.audience(),
                content.channels(),
                publisher,
                publishedAt,
                content.supersedes(),
                content.summary(),
                content.compiledGuides(),
                content.recipients() == null ? null : content.recipients().toRecipients());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    private String newId() {
        byte[] bits = new byte[10];
        RANDOM.nextBytes(bits);
        return "ADV-" + DateTimeFormatter.BASIC_ISO_DATE.format(today()) + "-"
                + AckCode.fromBytes(bits).formatted().substring(0, 4);
    }

    private static AdvisoryException notFound(String advisoryId) {
        return new AdvisoryException(HttpStatus.NOT_FOUND, "no advisory " + advisoryId);
    }
}
