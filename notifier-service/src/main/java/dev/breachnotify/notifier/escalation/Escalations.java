package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AdvisoryFinalList;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EscalationPaused;
import dev.breachnotify.events.EscalationResumed;
import dev.breachnotify.events.EscalationStepFired;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeExcluded;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.notifier.lifecycle.AdvisoryLifecycle;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.LifecycleException;
import dev.breachnotify.notifier.lifecycle.PublishedAdvisories;
import dev.breachnotify.notifier.lifecycle.SendGate;
import dev.breachnotify.notifier.lifecycle.Transition;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.notifier.web.RequestRefused;
import dev.breachnotify.platform.csv.CsvWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The escalation chain of each advisory: its schedule (made when the advisory is published), the firing of a
 * step for the practices still outstanding, pause and resume, exclusions, and the final list.
 *
 * <p>A step fires in one database transaction that holds the step's row lock: it requests one notification per
 * outstanding practice through the outbox (reminder emails as EMAIL notifications of step {@code reminder},
 * letters as LETTER notifications of step {@code letter}, which the letter queue prints), records each in
 * {@code escalation_sent} (unique per advisory, practice and step, so nothing is sent twice) and marks the step
 * fired. Whether a practice is outstanding comes from the notifier's own projection of ack-service's events.
 */
@Singleton
public class Escalations {

    /** The steps of a schedule. */
    public static final String REMINDER = NotificationPlanner.REMINDER;

    public static final String LETTER = NotificationPlanner.LETTER;
    public static final String FINAL_LIST = "final-list";
    public static final List<String> STEPS = List.of(REMINDER, LETTER, FINAL_LIST);
    /** The final list is carried in its event up to this many practices; beyond, only its hash. */
    static final int FINAL_LIST_IN_EVENT = 1_000;

    static final String[] FINAL_LIST_HEADER = {"practice_id", "practice_name", "acknowledged", "missing", "partners"};

    private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final int PAGE = 2_000;

    private final TransactionOperations<Connection> transactions;
    private final EscalationStore store;
    private final PracticeStore practices;
    private final PublishedAdvisories advisories;
    private final Gates gates;
    private final PartnerDigests partnerDigests;
    private final CodeIssuer codes;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;
    private final Duration codeValidityAfterDeadline;

    /**
     * The lifecycle as the escalation sees it: the gate its steps ask, the transitions pause and close make; and
     * the partners' digests that a reminder step sends with the practices' reminders.
     */
    @Singleton
    record Gates(SendGate gate, AdvisoryLifecycle lifecycle, PartnerDigests partnerDigests) {}

    /** Many collaborators: a step meets the directory, the codes, the outbox and the lifecycle. */
    public Escalations(
            TransactionOperations<Connection> transactions,
            EscalationStore store,
            PracticeStore practices,
            PublishedAdvisories advisories,
            CodeIssuer codes,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock,
            @Value("${breachnotify.notifier.code-validity-after-deadline:60d}") Duration codeValidityAfterDeadline,
            Gates gates) {
        this.gates = gates;
        this.partnerDigests = gates.partnerDigests();
        this.transactions = transactions;
        this.store = store;
        this.practices = practices;
        this.advisories = advisories;
        this.codes = codes;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
        this.codeValidityAfterDeadline = codeValidityAfterDeadline;
    }

    /** What firing a step did. */
    public record Fired(String advisoryId, String step, String trigger, Instant firedAt, long practices) {}

    /** The state of an advisory's escalation, with the advisory's lifecycle state. */
    public record Status(
            String advisoryId,
            AdvisoryState state,
            boolean paused,
            String deadline,
            long targeted,
            long confirmed,
            long excluded,
            long outstanding,
            List<StepStatus> steps) {}

    /** One step of {@link Status}. */
    public record StepStatus(
            String step, Instant dueAt, Instant firedAt, String trigger, String triggeredBy, long sent) {}

    /** Fires every step that is due and not paused; returns what fired. */
    public List<Fired> fireDue() {
        List<Fired> fired = new ArrayList<>();
        List<EscalationStore.Step> due =
                transactions.executeRead(status -> store.due(status.getConnection(), clock.instant()));
        for (EscalationStore.Step step : due) {
            try {
                Fired result = fire(step.advisoryId(), step.step(), null);
                if (result != null) {
                    fired.add(result);
                }
            } catch (Exception e) { // one advisory's failure must not hold up the others; retried on the next tick
                LOG.warn(
                        "Escalation step {} of {} failed, will retry: {}",
                        step.step(),
                        step.advisoryId(),
                        e.toString());
            }
        }
        return fired;
    }

    /**
     * Fires a step: on schedule ({@code user} null; skipped when paused, already fired or not yet due) or early by
     * hand (fails when it already fired). Returns null when a scheduled step had nothing to do.
     */
    public Fired fire(String advisoryId, String step, String user) {
        boolean manual = user != null;
        if (!STEPS.contains(step)) {
            throw new RequestRefused(HttpStatus.NOT_FOUND, "no step '" + step + "'; steps are " + STEPS);
        }
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            EscalationStore.Escalation escalation = escalation(connection, advisoryId);
            // first the lifecycle: the final list closes the advisory (a transition), the other steps are sends
            AdvisoryState state = step.equals(FINAL_LIST)
                    ? stateForClosing(connection, advisoryId, manual)
                    : gates.gate().holdOpen(connection, List.of(advisoryId)).get(advisoryId);
            if (state == null) {
                return null; // a scheduled final list of an advisory that is not running: nothing to do now
            }
            if (state.answer(AdvisoryState.Outbound.TO_PRACTICE) != AdvisoryState.Answer.SEND) {
                if (manual) {
                    throw new LifecycleException(
                            advisoryId,
                            state,
                            "cannot fire step '" + step + "' of advisory "
                                    + advisoryId + ": it is " + state.described()
                                    + (state == AdvisoryState.PAUSED
                                            ? " (resume it first)"
                                            : "; its escalation has stopped"));
                }
                return null;
            }
            EscalationStore.Step row = store.lockStep(connection, advisoryId, step)
                    .orElseThrow(() -> new RequestRefused(
                            HttpStatus.NOT_FOUND,
                            "advisory " + advisoryId + " has no step '" + step + "' (switched off in its schedule)"));
            Instant now = clock.instant();
            if (row.firedAt() != null) {
                if (manual) {
                    throw new RequestRefused(
                            HttpStatus.CONFLICT,
                            "step '" + step + "' of " + advisoryId + " fired at " + row.firedAt()
                                    + "; a step fires once");
                }
                return null;
            }
            if (!manual && row.dueAt().isAfter(now)) {
                return null;
            }
            String trigger = manual ? "MANUAL" : "SCHEDULE";
            StepCount counted = step.equals(FINAL_LIST)
                    ? new StepCount(finalList(connection, escalation), 0)
                    : requestNotifications(connection, escalation, step, now);
            long count = counted.practices();
            store.markFired(connection, advisoryId, step, now, trigger, user);
            outbox.append(
                    connection,
                    List.of(events.wrap(new EscalationStepFired(
                            advisoryId, step, trigger, user, row.dueAt(), now, count, counted.partnerDigests()))));
            LOG.info(
                    "Escalation step {} of {} fired ({}): {} practice(s), {} partner digest(s)",
                    step,
                    advisoryId,
                    trigger,
                    count,
                    counted.partnerDigests());
            return new Fired(advisoryId, step, trigger, now, count);
        });
    }

    /**
     * The state before the final list, which closes the advisory: by hand, a refused transition is an error; on
     * schedule, it is skipped ({@code null}) until the advisory runs again.
     */
    private AdvisoryState stateForClosing(Connection connection, String advisoryId, boolean manual)
            throws SQLException {
        try {
            return gates.lifecycle().begin(connection, advisoryId, Transition.CLOSE);
        } catch (LifecycleException refused) {
            if (manual) {
                throw refused;
            }
            return null;
        }
    }

    /**
     * Requests the notifications of one step for a practice ({@link NotificationPlanner#stepRequests}: its reached
     * contacts' or its general one), at most once per advisory, practice and step: recorded as sent (with the
     * first notification's id), and returned as the events to append; empty when that step reached the practice
     * before or reaches nobody.
     */
    List<EventEnvelope<NotificationRequested>> requestOnce(
            Connection connection,
            AdvisoryPublished advisory,
            Practice practice,
            Channel channel,
            String step,
            Instant now)
            throws SQLException {
        return requestOnce(connection, advisory, practice, channel, step, now, null);
    }

    /** As above, a letter for the attention of {@code attentionOf} if it is a reached contact (a bounce's). */
    List<EventEnvelope<NotificationRequested>> requestOnce(
            Connection connection,
            AdvisoryPublished advisory,
            Practice practice,
            Channel channel,
            String step,
            Instant now,
            String attentionOf)
            throws SQLException {
        List<NotificationRequested> notifications = NotificationPlanner.stepRequests(
                advisory,
                practice,
                channel,
                step,
                contactId -> codes.codeFor(advisory.advisoryId(), practice.practiceId(), contactId)
                        .hash(),
                NotificationPlanner.codeExpiresAt(advisory, codeValidityAfterDeadline),
                attentionOf);
        if (notifications.isEmpty()
                || !store.markSent(
                        connection,
                        advisory.advisoryId(),
                        practice.practiceId(),
                        step,
                        notifications.get(0).notificationId(),
                        now)) {
            return List.of();
        }
        return notifications.stream()
                .map(notification -> events.wrap(NotificationPlanner.eventIdOf(notification), notification))
                .toList();
    }

    private StepCount requestNotifications(
            Connection connection, EscalationStore.Escalation escalation, String step, Instant now)
            throws SQLException {
        AdvisoryPublished advisory = advisories.published(escalation.advisoryId());
        Channel channel = channelOf(step);
        long sent = 0;
        for (List<Practice> page : reachable(connection, advisory, step)) {
            List<EventEnvelope<?>> requests = new ArrayList<>(page.size());
            for (Practice practice : page) {
                List<EventEnvelope<NotificationRequested>> practiceRequests =
                        requestOnce(connection, advisory, practice, channel, step, now);
                requests.addAll(practiceRequests);
                sent += practiceRequests.isEmpty() ? 0 : 1;
            }
            outbox.append(connection, requests);
        }
        long digests = step.equals(REMINDER) && advisory.recipients().partners()
                ? partnerDigests.remind(connection, advisory, now)
                : 0;
        return new StepCount(sent, digests);
    }

    /** What a step sent: to how many practices, and how many partner digests. */
    private record StepCount(long practices, long partnerDigests) {}

    /** Who firing a step now would reach, and by which channel ({@code null} for the final list, a list). */
    public record StepForecast(String advisoryId, String step, AdvisoryState state, Channel channel, long practices) {}

    /** What firing the step now would do, for the confirmation page; changes nothing. */
    public StepForecast forecast(String advisoryId, String step) {
        if (!STEPS.contains(step)) {
            throw new RequestRefused(HttpStatus.NOT_FOUND, "no step '" + step + "'; steps are " + STEPS);
        }
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            escalation(connection, advisoryId);
            AdvisoryState state =
                    gates.gate().read(connection, List.of(advisoryId)).get(advisoryId);
            if (step.equals(FINAL_LIST)) {
                return new StepForecast(
                        advisoryId,
                        step,
                        state,
                        null,
                        store.outstanding(connection, advisoryId).size());
            }
            long practices = 0;
            for (List<Practice> page : reachable(connection, advisories.published(advisoryId), step)) {
                practices += page.size();
            }
            return new StepForecast(advisoryId, step, state, channelOf(step), practices);
        });
    }

    private static Channel channelOf(String step) {
        return step.equals(REMINDER) ? Channel.EMAIL : Channel.LETTER;
    }

    /** The outstanding practices a step can reach on its channel, in pages. */
    private List<List<Practice>> reachable(Connection connection, AdvisoryPublished advisory, String step)
            throws SQLException {
        List<Outstanding> outstanding = store.outstanding(connection, advisory.advisoryId());
        Set<String> emailFailed =
                step.equals(REMINDER) ? store.emailFailed(connection, advisory.advisoryId()) : Set.of();
        Channel channel = channelOf(step);
        List<List<Practice>> pages = new ArrayList<>();
        for (int from = 0; from < outstanding.size(); from += PAGE) {
            List<Outstanding> page = outstanding.subList(from, Math.min(outstanding.size(), from + PAGE));
            Map<String, Practice> directory = practices.findByIds(
                    connection, page.stream().map(Outstanding::practiceId).toList());
            List<Practice> reachable = new ArrayList<>(page.size());
            for (Outstanding candidate : page) {
                Practice practice = directory.get(candidate.practiceId());
                if (practice != null
                        && (channel != Channel.EMAIL || !emailFailed.contains(practice.practiceId()))
                        && !NotificationPlanner.stepRequests(
                                        advisory, practice, channel, step, contactId -> "", Instant.EPOCH)
                                .isEmpty()) {
                    reachable.add(practice);
                }
            }
            pages.add(reachable);
        }
        return pages;
    }

    private long finalList(Connection connection, EscalationStore.Escalation escalation) throws SQLException {
        String advisoryId = escalation.advisoryId();
        List<EscalationStore.FinalListRow> rows = currentList(connection, advisoryId);
        store.saveFinalList(connection, advisoryId, rows);
        String csv = csv(rows);
        List<AdvisoryFinalList.Entry> entries = rows.size() <= FINAL_LIST_IN_EVENT
                ? rows.stream()
                        .map(row -> new AdvisoryFinalList.Entry(row.practiceId(), missing(row), row.partners()))
                        .toList()
                : List.of();
        outbox.append(
                connection,
                List.of(events.wrap(new AdvisoryFinalList(
                        advisoryId,
                        escalation.deadline(),
                        store.targets(connection, advisoryId),
                        store.confirmed(connection, advisoryId),
                        store.excluded(connection, advisoryId),
                        rows.size(),
                        sha256(csv),
                        entries,
                        rows.size() <= FINAL_LIST_IN_EVENT))));
        return rows.size();
    }

    private List<EscalationStore.FinalListRow> currentList(Connection connection, String advisoryId)
            throws SQLException {
        List<Outstanding> outstanding = store.outstanding(connection, advisoryId);
        List<EscalationStore.FinalListRow> rows = new ArrayList<>(outstanding.size());
        for (int from = 0; from < outstanding.size(); from += PAGE) {
            List<Outstanding> page = outstanding.subList(from, Math.min(outstanding.size(), from + PAGE));
            Map<String, Practice> directory = practices.findByIds(
                    connection, page.stream().map(Outstanding::practiceId).toList());
            for (Outstanding practice : page) {
                Practice known = directory.get(practice.practiceId());
                rows.add(new EscalationStore.FinalListRow(
                        practice.practiceId(),
                        known == null ? null : known.name(),
                        practice.acknowledged(),
                        practice.missingCredentials(),
                        known == null ? List.of() : responsiblePartners(known, practice.missingCredentials())));
            }
        }
        return rows;
    }

    /** The final list as CSV: as drawn up at the deadline, or (before it) as it stands now. */
    public FinalListCsv finalListCsv(String advisoryId) {
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            escalation(connection, advisoryId);
            boolean drawnUp = store.steps(connection, advisoryId).stream()
                    .anyMatch(step -> step.step().equals(FINAL_LIST) && step.firedAt() != null);
            String csv = csv(drawnUp ? store.finalList(connection, advisoryId) : currentList(connection, advisoryId));
            return new FinalListCsv(csv, sha256(csv), !drawnUp);
        });
    }

    /** The CSV of a final list, its SHA-256 (as in {@code advisory.final.list}), and whether it is provisional. */
    public record FinalListCsv(String csv, String sha256, boolean provisional) {}

    public Status status(String advisoryId) {
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            EscalationStore.Escalation escalation = escalation(connection, advisoryId);
            List<StepStatus> steps = new ArrayList<>();
            for (EscalationStore.Step step : store.steps(connection, advisoryId)) {
                steps.add(new StepStatus(
                        step.step(),
                        step.dueAt(),
                        step.firedAt(),
                        step.trigger(),
                        step.triggeredBy(),
                        step.step().equals(FINAL_LIST) ? 0 : store.sent(connection, advisoryId, step.step())));
            }
            AdvisoryState state =
                    gates.gate().read(connection, List.of(advisoryId)).get(advisoryId);
            return new Status(
                    advisoryId,
                    state,
                    state == AdvisoryState.PAUSED,
                    escalation.deadline().toString(),
                    store.targets(connection, advisoryId),
                    store.confirmed(connection, advisoryId),
                    store.excluded(connection, advisoryId),
                    store.outstanding(connection, advisoryId).size(),
                    steps);
        });
    }

    /**
     * Pauses (true) or resumes an advisory: a lifecycle transition, recorded as {@code escalation.paused} or
     * {@code escalation.resumed}. It waits for the sends under way; then nothing of the advisory goes out until it
     * is resumed (mails and letters are held, steps do not fire). Pausing a paused advisory, or resuming a running
     * one, changes nothing; pausing or resuming a draft, a withdrawn or a closed advisory is refused.
     */
    public Status pause(String advisoryId, boolean paused, String user, String reason) {
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            escalation(connection, advisoryId);
            try {
                gates.lifecycle().begin(connection, advisoryId, paused ? Transition.PAUSE : Transition.RESUME);
            } catch (LifecycleException refused) {
                if (refused.state() == (paused ? AdvisoryState.PAUSED : AdvisoryState.RUNNING)) {
                    return null; // already so
                }
                throw refused;
            }
            store.setPaused(connection, advisoryId, paused);
            outbox.append(
                    connection,
                    List.of(events.wrap(
                            paused
                                    ? new EscalationPaused(advisoryId, user, reason)
                                    : new EscalationResumed(advisoryId, user))));
            return null;
        });
        return status(advisoryId);
    }

    /** Takes a practice out of an advisory's escalation, with a reason that the audit trail keeps. */
    public Map<String, Object> exclude(String advisoryId, String practiceId, String reason, String user) {
        if (practiceId == null || practiceId.isBlank()) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "practiceId: is missing");
        }
        if (reason == null || reason.isBlank()) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "reason: is missing (it is kept in the audit trail)");
        }
        if (reason.length() > 500) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "reason: longer than 500 characters");
        }
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            escalation(connection, advisoryId);
            if (!store.isTarget(connection, advisoryId, practiceId)) {
                throw new RequestRefused(
                        HttpStatus.NOT_FOUND, "practice " + practiceId + " is not targeted by advisory " + advisoryId);
            }
            boolean added = store.exclude(connection, advisoryId, practiceId, reason.strip(), user, clock.instant());
            if (added) {
                outbox.append(
                        connection,
                        List.of(events.wrap(new PracticeExcluded(advisoryId, practiceId, reason.strip(), user))));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("advisoryId", advisoryId);
            result.put("practiceId", practiceId);
            result.put("excluded", true);
            result.put("alreadyExcluded", !added);
            return result;
        });
    }

    private EscalationStore.Escalation escalation(Connection connection, String advisoryId) throws SQLException {
        return store.escalation(connection, advisoryId, false).orElseThrow(() -> notFound(advisoryId));
    }

    private static RequestRefused notFound(String advisoryId) {
        return new RequestRefused(
                HttpStatus.NOT_FOUND, "no published advisory " + advisoryId + " with an escalation schedule");
    }

    private static List<String> missing(EscalationStore.FinalListRow row) {
        return new Outstanding(row.practiceId(), row.acknowledged(), row.missing()).missing();
    }

    /** The partners responsible for these credentials of a practice, by id, each once. */
    static List<String> responsiblePartners(Practice practice, List<String> credentialIds) {
        return credentialIds.stream()
                .map(practice::partnerFor)
                .flatMap(Optional::stream)
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * The final list as CSV, grouped by IT service partner (the rows sorted by their partners, those without one
     * last; within a group in the order given, which is by practice id). A list drawn up before partners existed (its rows have no partners) keeps the
     * columns and order it was published with, so that its hash still matches {@code advisory.final.list}.
     */
    static String csv(List<EscalationStore.FinalListRow> rows) {
        boolean legacy = !rows.isEmpty() && rows.stream().anyMatch(row -> row.partners() == null);
        if (legacy) {
            return CsvWriter.write(
                    List.of(Arrays.copyOf(FINAL_LIST_HEADER, FINAL_LIST_HEADER.length - 1)),
                    rows.stream()
                            .map(row -> Arrays.<Object>asList(
                                    row.practiceId(),
                                    row.practiceName(),
                                    row.acknowledged(),
                                    String.join(" ", row.missing())))
                            .toList());
        }
        Comparator<EscalationStore.FinalListRow> byPartner = Comparator.comparing(
                        (EscalationStore.FinalListRow row) -> row.partners().isEmpty())
                .thenComparing(row -> String.join(" ", row.partners()));
        return CsvWriter.write(
                List.of(FINAL_LIST_HEADER),
                rows.stream()
                        .sorted(byPartner)
                        .map(row -> Arrays.<Object>asList(
                                row.practiceId(),
                                row.practiceName(),
                                row.acknowledged(),
                                String.join(" ", row.missing()),
                                String.join(" ", row.partners())))
                        .toList());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
