package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.notifier.advisory.AdvisoryRetractions;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Durable retries against a real relay conversation ({@link ScriptedRelay}), Kafka and PostgreSQL: a mail the
 * relay defers is retried with backoff until it is accepted, or fails when its deadline passes and becomes a
 * letter; a retry outlives a restart of the service.
 */
class EmailRetryIT {

    private static final String DEFER = "421 4.7.0 Try again later, closing connection";

    @Test
    void aMailTheRelayDefersForAWhileIsDeliveredAfterRetries() {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context = start("notifier_retry_it_a", relay, Duration.ofMinutes(5))) {
            // Given a relay that defers every mail, when it has deferred the mail three times and accepts again
            OneMailAdvisory published = deferred(context, relay, "a", 3);
            relay.refuseWith(null);

            // Then the mail is sent once, on a later attempt, and each failed attempt is an email.deferred event
            List<EventPayload> events =
                    OneMailAdvisory.readUntil("email.sent", read -> published.count(read, EmailSent.class) == 1);
            EmailSent sent = published.only(events, EmailSent.class);
            List<EmailDeferred> deferred = published.all(events, EmailDeferred.class);
            assertThat(sent.attempt()).isEqualTo(deferred.size() + 1).isGreaterThanOrEqualTo(4);
            assertThat(sent.possibleDuplicate()).isFalse();
            assertThat(deferred)
                    .extracting(EmailDeferred::attempt)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, deferred.size())
                            .boxed()
                            .toList());
            assertThat(deferred).allSatisfy(d -> assertThat(d.smtpCode()).isIn(421, null));
            assertThat(relay.acceptedMessageIds()).containsExactly(sent.messageId());
            assertThat(published.all(events, EmailFailed.class)).isEmpty();
        }
    }

    @Test
    void aMailTheRelayAlwaysDefersFailsAtItsDeadlineAndThePracticeGetsALetter() {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context = start("notifier_retry_it_b", relay, Duration.ofSeconds(3))) {
            // Given a relay that always defers, and a retry deadline of 3 s
            relay.refuseWith("451 4.7.1 Greylisted, please try again");
            OneMailAdvisory published = OneMailAdvisory.publish(context, "b");

            // When the deadline passes
            List<EventPayload> events = OneMailAdvisory.readUntil(
                    "email.failed and the bounce letter",
                    read -> published.count(read, EmailFailed.class) == 1
                            && read.stream()
                                    .anyMatch(e -> e instanceof NotificationRequested n
                                            && n.practiceId().equals(published.practiceId())
                                            && n.channel() == Channel.LETTER));

            // Then the mail failed, not permanently but because its retries expired, and a letter is planned
            EmailFailed failed = published.only(events, EmailFailed.class);
            assertThat(failed.permanent()).isFalse();
            assertThat(failed.retriesExpired()).isTrue();
            assertThat(failed.smtpCode()).isEqualTo(451);
            assertThat(failed.reason()).startsWith("retries expired after " + failed.attempt() + " attempt(s)");
            assertThat(failed.attempt())
                    .isEqualTo(published.all(events, EmailDeferred.class).size() + 1);
            NotificationRequested letter = events.stream()
                    .filter(e -> e instanceof NotificationRequested n
                            && n.channel() == Channel.LETTER
                            && n.practiceId().equals(published.practiceId()))
                    .map(NotificationRequested.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(letter.step()).isEqualTo(NotificationPlanner.BOUNCE);
            assertThat(relay.acceptedMessageIds()).isEmpty();
        }
    }

    @Test
    void aRetryOutlivesARestartOfTheService() {
        OneMailAdvisory published;
        try (ScriptedRelay relay = new ScriptedRelay()) {
            // Given a mail deferred and waiting for its retry when the service stops
            try (ApplicationContext first = start("notifier_retry_it_c", relay, Duration.ofMinutes(5))) {
                published = deferred(first, relay, "c", 1);
            }

            // When the relay accepts again and the service starts again
            relay.refuseWith(null);
            try (ApplicationContext second = start("notifier_retry_it_c", relay, Duration.ofMinutes(5))) {
                // Then the retry is sent after the restart, once
                List<EventPayload> events = OneMailAdvisory.readUntil(
                        "email.sent after the restart", read -> published.count(read, EmailSent.class) == 1);
                EmailSent sent = published.only(events, EmailSent.class);
                assertThat(sent.attempt()).isGreaterThanOrEqualTo(2);
                assertThat(relay.acceptedMessageIds()).containsExactly(sent.messageId());
            }
        }
    }

    @Test
    void theRetriesOfAWithdrawnAdvisoryAreDroppedWithoutALetter() {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context = start("notifier_retry_it_d", relay, Duration.ofMinutes(5))) {
            // Given a mail the relay defers
            OneMailAdvisory published = deferred(context, relay, "d", 1);

            // When the advisory is withdrawn
            context.getBean(AdvisoryRetractions.class)
                    .retract(
                            published.advisoryId(),
                            new AdvisoryRetractions.Retraction("sent by mistake", null),
                            "comms");

            // Then its pending retry is dropped: email.failed, neither permanent nor expired, and no letter
            List<EventPayload> events = OneMailAdvisory.readUntil(
                    "email.failed of the dropped retry", read -> published.count(read, EmailFailed.class) == 1);
            EmailFailed dropped = published.only(events, EmailFailed.class);
            assertThat(dropped.permanent()).isFalse();
            assertThat(dropped.retriesExpired()).isFalse();
            assertThat(dropped.needsLetter()).isFalse();
            assertThat(dropped.reason()).contains("advisory withdrawn");
            assertThat(relay.acceptedMessageIds()).isEmpty();
        }
    }

    @Test
    void aMailInFlightDuringACrashIsSentAgainMarkedAsAPossibleDuplicate() throws Exception {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context = start("notifier_retry_it_e", relay, Duration.ofMinutes(5))) {
            // Given a notification a worker marked in flight and never recorded, as when it was killed mid-send
            OneMailAdvisory advisory = OneMailAdvisory.create(context, "e");
            execute(
                    "notifier_retry_it_e",
                    "INSERT INTO email_in_flight (notification_id, started_at) " + "VALUES (?, now())",
                    advisory.notificationId());

            // When its notification comes (again)
            context.getBean(AdvisoryService.class).publish(advisory.advisoryId(), "comms");

            // Then the mail is sent and its email.sent says it may be a duplicate
            EmailSent sent = advisory.only(
                    OneMailAdvisory.readUntil("email.sent", read -> advisory.count(read, EmailSent.class) == 1),
                    EmailSent.class);
            assertThat(sent.possibleDuplicate()).isTrue();
            assertThat(relay.acceptedMessageIds()).containsExactly(sent.messageId());
        }
    }

    @Test
    void aRetryInFlightDuringACrashIsSentAgainMarkedAsAPossibleDuplicate() throws Exception {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context =
                        start("notifier_retry_it_f", relay, Duration.ofMinutes(5), Duration.ofHours(1))) {
            // Given a deferred mail whose retry was in flight when the retrier crashed (its claim rolled back)
            OneMailAdvisory published = deferred(context, relay, "f", 1);
            execute(
                    "notifier_retry_it_f",
                    "INSERT INTO email_in_flight (notification_id, started_at) " + "VALUES (?, now())",
                    published.notificationId());

            // When the retry falls due and the relay accepts
            relay.refuseWith(null);
            execute(
                    "notifier_retry_it_f",
                    "UPDATE email_retry SET next_attempt_at = now() " + "WHERE notification_id = ?",
                    published.notificationId());

            // Then the retry's email.sent says it may be a duplicate
            EmailSent sent = published.only(
                    OneMailAdvisory.readUntil("email.sent", read -> published.count(read, EmailSent.class) == 1),
                    EmailSent.class);
            assertThat(sent.attempt()).isEqualTo(2);
            assertThat(sent.possibleDuplicate()).isTrue();
        }
    }

    /** Runs one statement with the notification id as its parameter in the test's database. */
    private static void execute(String database, String sql, UUID notificationId) throws Exception {
        Map<String, String> properties = NotifierTestProperties.of(database);
        try (Connection connection = DriverManager.getConnection(
                        properties.get("datasources.default.url"),
                        properties.get("datasources.default.username"),
                        properties.get("datasources.default.password"));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, notificationId);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    /** Publishes a one-mail advisory while the relay defers every mail, and waits for that many deferrals. */
    private static OneMailAdvisory deferred(ApplicationContext context, ScriptedRelay relay, String test, int times) {
        relay.refuseWith(DEFER);
        OneMailAdvisory published = OneMailAdvisory.publish(context, test);
        OneMailAdvisory.readUntil(
                times + " email.deferred", events -> published.count(events, EmailDeferred.class) >= times);
        return published;
    }

    private static ApplicationContext start(String database, ScriptedRelay relay, Duration deadline) {
        return start(database, relay, deadline, Duration.ofMillis(200));
    }

    private static ApplicationContext start(String database, ScriptedRelay relay, Duration deadline, Duration backoff) {
        Map<String, Object> properties = new HashMap<>(NotifierTestProperties.of(database));
        properties.put("micronaut.server.port", -1);
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(relay.port()));
        properties.put("breachnotify.notifier.smtp.timeout", "5s");
        properties.put("breachnotify.notifier.email.max-attempts", "1");
        properties.put("breachnotify.notifier.email.retry-deadline", deadline.toMillis() + "ms");
        properties.put("breachnotify.notifier.email.retry-backoff", backoff.toMillis() + "ms");
        properties.put(
                "breachnotify.notifier.email.retry-max-backoff",
                backoff.multipliedBy(2).toMillis() + "ms");
        properties.put("breachnotify.notifier.email.retry-poll-interval", "100ms");
        return ApplicationContext.run(properties);
    }
}
