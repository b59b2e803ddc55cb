package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.directory.PartnerStore;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.notifier.fanout.PartnerNotices;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reminder step's mails to IT service partners: one digest per partner ({@code partner.notification.requested},
 * step {@code reminder}) listing the outstanding practices whose outstanding credentials are that partner's and
 * that it has not declined; not one mail per practice. Appended through the outbox in the step's transaction, with
 * deterministic ids, so the digest is sent once with the step.
 */
@Singleton
class PartnerDigests {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerDigests.class);

    private static final int PAGE = 2_000;

    private final EscalationStore store;
    private final PracticeStore practices;
    private final PartnerStore partners;
    private final CodeIssuer codes;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Duration codeValidityAfterDeadline;

    /** Seven collaborators: the digest reads the projection and the directory, and writes coded mails out. */
    PartnerDigests(
            EscalationStore store,
            PracticeStore practices,
            PartnerStore partners,
            CodeIssuer codes,
            OutboxWriter outbox,
            EventFactory events,
            @Value("${breachnotify.notifier.code-validity-after-deadline:60d}") Duration codeValidityAfterDeadline) {
        this.store = store;
        this.practices = practices;
        this.partners = partners;
        this.codes = codes;
        this.outbox = outbox;
        this.events = events;
        this.codeValidityAfterDeadline = codeValidityAfterDeadline;
    }

    /** Requests the reminder digests of an advisory in the caller's transaction; returns how many. */
    long remind(Connection connection, AdvisoryPublished advisory, java.time.Instant now) throws SQLException {
        List<Outstanding> outstanding = store.outstanding(connection, advisory.advisoryId());
        Map<String, Set<String>> declined = store.declinedByPractice(connection, advisory.advisoryId());
        PartnerNotices notices = new PartnerNotices();
        for (int from = 0; from < outstanding.size(); from += PAGE) {
            List<Outstanding> page = outstanding.subList(from, Math.min(outstanding.size(), from + PAGE));
            Map<String, Practice> directory = practices.findByIds(
                    connection, page.stream().map(Outstanding::practiceId).toList());
            for (Outstanding candidate : page) {
                Practice practice = directory.get(candidate.practiceId());
                if (practice != null) {
                    notices.add(
                            practice,
                            candidate.missingCredentials(),
                            declined.getOrDefault(practice.practiceId(), Set.of()));
                }
            }
        }
        if (notices.partnerIds().isEmpty()) {
            return 0;
        }
        Map<String, Partner> known = partners.findByIds(connection, notices.partnerIds());
        List<PartnerNotificationRequested> digests = notices.requests(
                advisory,
                known,
                NotificationPlanner.REMINDER,
                partnerId ->
                        codes.partnerCodeFor(advisory.advisoryId(), partnerId).hash(),
                NotificationPlanner.codeExpiresAt(advisory, codeValidityAfterDeadline));
        List<EventEnvelope<?>> requests = new ArrayList<>(digests.size());
        for (PartnerNotificationRequested digest : digests) {
            EventEnvelope<PartnerNotificationRequested> event = events.wrap(PartnerNotices.eventIdOf(digest), digest);
            if (PartnerNotices.fits(event)) {
                requests.add(event);
            } else {
                LOG.error(
                        "Advisory {}: the reminder digest of IT service partner {} lists {} practices, more than one"
                                + " event can carry; it is not sent",
                        advisory.advisoryId(),
                        digest.partnerId(),
                        digest.practices().size());
            }
        }
        outbox.append(connection, requests);
        return requests.size();
    }
}
