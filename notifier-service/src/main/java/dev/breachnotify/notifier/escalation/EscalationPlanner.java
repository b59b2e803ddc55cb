package dev.breachnotify.notifier.escalation;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.directory.PracticeStore;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Writes an advisory's escalation schedule when it is published (called by the publishing transaction). */
@Singleton
public class EscalationPlanner {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final int PAGE = 2_000;

    private final EscalationStore store;
    private final PracticeStore practices;

    public EscalationPlanner(EscalationStore store, PracticeStore practices) {
        this.store = store;
        this.practices = practices;
    }

    /**
     * Makes the schedule of an advisory being published, in the publishing transaction: the targeted practices as
     * the directory stands, and the due time of each step.
     */
    /**
     * @param reminderAfterDays days after publication for the reminder, 0 for none
     * @param letterAfterDays   days after publication for the letter, 0 for none
     */
    public void schedule(Connection connection, AdvisoryPublished advisory, int reminderAfterDays, int letterAfterDays)
            throws SQLException {
        Instant published = advisory.publishedAt();
        store.insertEscalation(
                connection,
                new EscalationStore.Escalation(
                        advisory.advisoryId(),
                        advisory.credentials().stream()
                                .map(Credential::id)
                                .distinct()
                                .toList(),
                        advisory.deadline(),
                        advisory.channels().contains(Channel.LETTER),
                        false,
                        published));
        if (reminderAfterDays > 0) {
            store.insertStep(
                    connection,
                    advisory.advisoryId(),
                    Escalations.REMINDER,
                    published.plus(Duration.ofDays(reminderAfterDays)));
        }
        if (letterAfterDays > 0) {
            store.insertStep(
                    connection,
                    advisory.advisoryId(),
                    Escalations.LETTER,
                    published.plus(Duration.ofDays(letterAfterDays)));
        }
        store.insertStep(
                connection,
                advisory.advisoryId(),
                Escalations.FINAL_LIST,
                advisory.deadline().plusDays(1).atStartOfDay(ZONE).toInstant());
        String after = null;
        while (true) {
            List<Practice> page = practices.page(connection, advisory.audience(), after, PAGE);
            if (page.isEmpty()) {
                return;
            }
            store.insertTargets(
                    connection,
                    advisory.advisoryId(),
                    page.stream().map(Practice::practiceId).toList());
            after = page.get(page.size() - 1).practiceId();
        }
    }
}
