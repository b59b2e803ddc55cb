package dev.breachnotify.notifier.email;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.code.AckLinks;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.PublishedAdvisories;
import dev.breachnotify.notifier.template.MailRenderer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path by which a notification's mail is sent, for the email worker's first attempts and for the durable
 * retries alike: render, send within the per-domain limits of {@link DomainThrottle} over the sender threads
 * ({@code breachnotify.notifier.email.senders}), and turn the relay's answer into a {@link Delivery} with its
 * events. A transient answer (4xx, connection failure, timeout) is tried again here at most
 * {@code triesNow} times with a short backoff, then deferred to the next attempt of {@link RetryPolicy}, or
 * failed when the retry deadline has passed.
 */
@Singleton
public class EmailSender {

    private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);

    private final PublishedAdvisories advisories;
    private final CodeIssuer codes;
    private final AckLinks links;
    private final MailRenderer renderer;
    private final Mailer mailer;
    private final EmailSettings settings;
    private final MailMetrics metrics;
    private final Clock clock;
    private final DomainThrottle throttle;
    private final RetryPolicy retries;
    private final ExecutorService senders;

    /**
     * Eight collaborators: the mail of a practice needs its advisory, its code, its link and its rendering, and its
     * sending needs the mailer, the settings, the metrics and the clock. Each is used on every mail; grouping them
     * would only move the same list into a holder class.
     */
    public EmailSender(
            PublishedAdvisories advisories,
            CodeIssuer codes,
            AckLinks links,
            MailRenderer renderer,
            Mailer mailer,
            EmailSettings settings,
            MailMetrics metrics,
            Clock clock) {
        this.advisories = advisories;
        this.codes = codes;
        this.links = links;
        this.renderer = renderer;
        this.mailer = mailer;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.throttle = new DomainThrottle(settings.defaultLimit(), settings.limitsByDomain());
        this.retries = new RetryPolicy(
                settings.getRetryBackoff(),
                settings.getRetryMaxBackoff(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        this.senders = Executors.newFixedThreadPool(Math.max(1, settings.getSenders()), runnable -> {
            Thread thread = new Thread(runnable, "email-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where a notification stands before this round: attempts made, and the retry window. */
    record Round(
            int attemptsBefore, Instant firstAttemptAt, Instant deadline, int triesNow, boolean possibleDuplicate) {

        /** A notification's first round, in the email worker. */
        static Round first(Instant now, EmailSettings settings, boolean possibleDuplicate) {
            return new Round(
                    0,
                    now,
                    now.plus(settings.getRetryDeadline()),
                    Math.max(1, settings.getMaxAttempts()),
                    possibleDuplicate);
        }
    }

    /**
     * One notification to send: its practice as the directory has it now ({@code null}: gone), and its round; for a
     * partner's mail, the partner's request and the partner ({@code practice} is then {@code null}).
     */
    record Attempt(NotificationRequested notification, Practice practice, Round round, PartnerMail partnerMail) {

        Attempt(NotificationRequested notification, Practice practice, Round round) {
            this(notification, practice, round, null);
        }

        /** The same attempt in another round. */
        Attempt in(Round next) {
            return new Attempt(notification, practice, next, partnerMail);
        }
    }

    /** Sends each notification's mail in parallel on the sender threads and waits for all. */
    List<Delivery> deliverAll(List<Attempt> attempts) {
        List<CompletableFuture<Delivery>> sending = new ArrayList<>(attempts.size());
        for (Attempt attempt : attempts) {
            sending.add(CompletableFuture.supplyAsync(() -> deliver(attempt), senders));
        }
        return sending.stream().map(CompletableFuture::join).toList();
    }

    Delivery deliver(Attempt attempt) {
        if (attempt.partnerMail() != null) {
            return deliverToPartner(attempt.notification(), attempt.partnerMail(), attempt.round())
                    .ofPartnerMail(attempt.partnerMail().request());
        }
        return deliver(attempt.notification(), attempt.practice(), attempt.round());
    }

    Delivery deliver(NotificationRequested notification, Practice practice, Round round) {
        if (practice == null) {
            return failed(
                    notification,
                    round,
                    new SendOutcome(SendOutcome.Kind.PERMANENT, null, "practice no longer in the directory"),
                    round.attemptsBefore(),
                    false,
                    new ArrayList<>());
        }
        AdvisoryPublished advisory = advisories.published(notification.advisoryId());
        String code = codes.codeFor(notification.advisoryId(), notification.practiceId(), notification.contactId())
                .formatted();
        String addressee = notification.contactId() == null
                ? practice.contactPerson()
                : practice.contacts().stream()
                        .filter(contact -> contact.contactId().equals(notification.contactId()))
                        .map(Contact::name)
                        .findFirst()
                        .orElse(null);
        String language = notification.contactId() == null ? practice.language() : notification.language();
        OutgoingMail mail = new OutgoingMail(
                notification.notificationId(),
                notification.recipients(),
                language,
                renderer.render(
                        advisory, practice, addressee, language, links.linkFor(code), code, notification.step()));
        return send(notification, mail, round);
    }

    private Delivery deliverToPartner(NotificationRequested notification, PartnerMail partnerMail, Round round) {
        if (partnerMail.partner() == null) {
            return failed(
                    notification,
                    round,
                    new SendOutcome(SendOutcome.Kind.PERMANENT, null, "partner no longer in the directory"),
                    round.attemptsBefore(),
                    false,
                    new ArrayList<>());
        }
        PartnerNotificationRequested request = partnerMail.request();
        AdvisoryPublished advisory = advisories.published(request.advisoryId());
        String code =
                codes.partnerCodeFor(request.advisoryId(), request.partnerId()).formatted();
        OutgoingMail mail = new OutgoingMail(
                notification.notificationId(),
                notification.recipients(),
                request.language(),
                renderer.renderForPartner(
                        advisory,
                        partnerMail.partner().name(),
                        request.language(),
                        request.practices(),
                        links.partnerLinkFor(code),
                        code,
                        request.step()));
        return send(notification, mail, round);
    }

    /** Sends a rendered mail, trying again in this round as the settings allow, and says what became of it. */
    private Delivery send(NotificationRequested notification, OutgoingMail mail, Round round) {
        List<EventPayload> events = new ArrayList<>();
        Duration backoff = settings.getInitialBackoff();
        for (int tried = 1, attempt = round.attemptsBefore() + 1; ; tried++, attempt++) {
            SendOutcome outcome = sendThrottled(mail);
            if (outcome.kind() == SendOutcome.Kind.SENT) {
                events.add(new EmailSent(
                        notification.notificationId(),
                        notification.advisoryId(),
                        notification.practiceId(),
                        notification.recipients(),
                        mailer.messageId(notification.notificationId()),
                        outcome.detail(),
                        attempt,
                        round.possibleDuplicate()));
                return new Delivery(
                        notification,
                        Delivery.Status.SENT,
                        outcome,
                        attempt,
                        events,
                        round.firstAttemptAt(),
                        null,
                        round.deadline());
            }
            if (outcome.kind() == SendOutcome.Kind.PERMANENT) {
                return failed(notification, round, outcome, attempt, false, events);
            }
            Instant now = clock.instant();
            Duration wait = backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1));
            boolean again = tried < round.triesNow() && now.plus(wait).isBefore(round.deadline());
            Instant next = again ? now.plus(wait) : retries.next(attempt, now, round.deadline());
            if (next == null) {
                return failed(notification, round, outcome, attempt, true, events);
            }
            events.add(new EmailDeferred(
                    notification.notificationId(),
                    notification.advisoryId(),
                    notification.practiceId(),
                    outcome.smtpCode(),
                    outcome.detail(),
                    attempt,
                    next));
            if (!again) {
                return new Delivery(
                        notification,
                        Delivery.Status.DEFERRED,
                        outcome,
                        attempt,
                        events,
                        round.firstAttemptAt(),
                        next,
                        round.deadline());
            }
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    /**
     * A mail whose advisory's state says {@link AdvisoryState.Answer#DROP} (withdrawn, closed): not sent, and
     * recorded as failed without a letter.
     */
    static Delivery dropped(NotificationRequested notification, Round round, AdvisoryState state) {
        String reason = "advisory " + state.label() + ": the mail was not sent";
        List<EventPayload> events = new ArrayList<>();
        events.add(new EmailFailed(
                notification.notificationId(),
                notification.advisoryId(),
                notification.practiceId(),
                null,
                reason,
                round.attemptsBefore(),
                false,
                false));
        return new Delivery(
                notification,
                Delivery.Status.FAILED,
                new SendOutcome(SendOutcome.Kind.PERMANENT, null, reason),
                round.attemptsBefore(),
                events,
                round.firstAttemptAt(),
                null,
                round.deadline());
    }

    /**
     * A mail whose advisory is paused: kept unsent as a retry row, asked again at {@code next}; no attempt counts,
     * and its retry deadline starts again from now, so the pause does not use it up.
     */
    static Delivery held(
            NotificationRequested notification, Round round, Instant now, Instant next, Duration retryDeadline) {
        Instant deadline =
                round.deadline().isAfter(now.plus(retryDeadline)) ? round.deadline() : now.plus(retryDeadline);
        return new Delivery(
                notification,
                Delivery.Status.DEFERRED,
                new SendOutcome(SendOutcome.Kind.TRANSIENT, null, "advisory paused: held"),
                round.attemptsBefore(),
                List.of(),
                round.firstAttemptAt(),
                next,
                deadline);
    }

    private static Delivery failed(
            NotificationRequested notification,
            Round round,
            SendOutcome outcome,
            int attempts,
            boolean retriesExpired,
            List<EventPayload> events) {
        String reason = retriesExpired
                ? "retries expired after " + attempts + " attempt(s) (deadline " + round.deadline() + "): "
                        + outcome.detail()
                : outcome.detail();
        events.add(new EmailFailed(
                notification.notificationId(),
                notification.advisoryId(),
                notification.practiceId(),
                outcome.smtpCode(),
                reason,
                attempts,
                outcome.kind() == SendOutcome.Kind.PERMANENT,
                retriesExpired));
        LOG.info(
                "Email for notification {} failed after {} attempt(s): {} {}{}",
                notification.notificationId(),
                attempts,
                outcome.smtpCode(),
                outcome.kind(),
                retriesExpired ? ", retries expired" : "");
        return new Delivery(
                notification,
                Delivery.Status.FAILED,
                outcome,
                attempts,
                events,
                round.firstAttemptAt(),
                null,
                round.deadline());
    }

    /** Sends within the limits of every recipient domain. */
    private SendOutcome sendThrottled(OutgoingMail mail) {
        List<String> domains = mail.recipients().stream()
                .map(recipient ->
                        recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList();
        List<DomainThrottle.Permit> permits = new ArrayList<>(domains.size());
        try {
            for (String domain : domains) {
                permits.add(throttle.acquire(domain));
            }
            long started = System.nanoTime();
            SendOutcome outcome = mailer.send(mail);
            metrics.record(mail.recipients().get(0), outcome, Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a domain's send limit", e);
        } finally {
            permits.forEach(DomainThrottle.Permit::close);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a mail", e);
        }
    }

    @PreDestroy
    void stopSenders() {
        senders.shutdownNow();
    }
}
