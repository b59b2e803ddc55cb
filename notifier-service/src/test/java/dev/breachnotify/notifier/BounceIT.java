package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Delivery status notifications posted to {@code POST /api/bounces} end to end: a real mail is sent (GreenMail),
 * its bounce is posted as the mail system's bounce pipe would, becomes {@code email.bounced} and a letter; a
 * delay is recorded without a letter; repeats, strangers and garbage are answered clearly.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BounceIT implements TestPropertyProvider {

    private static final MediaType RFC822 = MediaType.of("message/rfc822");

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ApplicationContext context;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = NotifierTestProperties.user(
                NotifierTestProperties.of("notifier_bounce_it"), "bouncepipe", "MAIL_SYSTEM");
        return NotifierTestProperties.user(properties, "comms", "COMMUNICATIONS");
    }

    @Test
    void aHardBounceBecomesABounceEventAndALetterOnceAndADelayOnlyAnEvent() throws IOException {
        // Given a mail the relay accepted
        OneMailAdvisory advisory = OneMailAdvisory.publish(context, "bounce");
        EmailSent sent = advisory.only(
                OneMailAdvisory.readUntil("email.sent", read -> advisory.count(read, EmailSent.class) == 1),
                EmailSent.class);

        // When the recipient's server reports a delay, and then a permanent failure, twice
        Map<?, ?> delayed = post(dsn("sendmail-delayed-4.7.0.eml", sent.messageId()), "bouncepipe");
        Map<?, ?> failed = post(dsn("postfix-failed-5.1.1.eml", sent.messageId()), "bouncepipe");
        Map<?, ?> again = post(dsn("postfix-failed-5.1.1.eml", sent.messageId()), "bouncepipe");

        // Then each is recorded once, the repeat as a duplicate
        assertThat(delayed.get("notificationId"))
                .isEqualTo(advisory.notificationId().toString());
        assertThat(delayed.get("practiceId")).isEqualTo(advisory.practiceId());
        assertThat(entry(delayed))
                .containsEntry("action", "delayed")
                .containsEntry("permanent", false)
                .containsEntry("outcome", "recorded");
        assertThat(entry(failed))
                .containsEntry("status", "5.1.1")
                .containsEntry("permanent", true)
                .containsEntry("outcome", "recorded");
        assertThat(entry(again)).containsEntry("outcome", "duplicate");

        // and the hard bounce, not the delay, becomes a letter: one email.bounced each, one bounce letter
        List<EventPayload> events = OneMailAdvisory.readUntil(
                "the bounce letter",
                read -> advisory.count(read, EmailBounced.class) == 2
                        && advisory.all(read, NotificationRequested.class).stream()
                                .anyMatch(n -> n.channel() == Channel.LETTER));
        List<EmailBounced> bounced = advisory.all(events, EmailBounced.class);
        assertThat(bounced).extracting(EmailBounced::status).containsExactly("4.7.0", "5.1.1");
        EmailBounced hard = bounced.get(1);
        assertThat(hard.notificationId()).isEqualTo(advisory.notificationId());
        assertThat(hard.permanent()).isTrue();
        assertThat(hard.diagnostic()).startsWith("smtp; 550 5.1.1");
        assertThat(hard.reportId()).isEqualTo("<20261202081407.4Q9xYk2F7Rz9sWd@mx.vendor.example>");
        assertThat(advisory.all(events, NotificationRequested.class))
                .filteredOn(n -> n.channel() == Channel.LETTER)
                .singleElement()
                .extracting(NotificationRequested::step)
                .isEqualTo(NotificationPlanner.BOUNCE);
    }

    @Test
    void aReportAboutAnUnknownMailIsUnprocessableAndGarbageIsABadRequest() throws IOException {
        HttpClientResponseException unknown =
                refused(dsn("postfix-failed-5.1.1.eml", "<" + UUID.randomUUID() + "@vendor.example>"), "bouncepipe");
        assertThat(unknown.getStatus().getCode()).isEqualTo(422);
        assertThat(body(unknown)).contains("names no mail sent by this service");

        HttpClientResponseException garbage = refused("Subject: hello\r\n\r\nnot a report\r\n", "bouncepipe");
        assertThat(garbage.getStatus().getCode()).isEqualTo(400);
        assertThat(body(garbage)).contains("not a delivery status notification", "text/plain");
    }

    @Test
    void onlyTheMailSystemAndAdminsMayPostReports() throws IOException {
        String report = dsn("postfix-failed-5.1.1.eml", "<" + UUID.randomUUID() + "@vendor.example>");

        assertThat(refused(report, null).getStatus().getCode()).isEqualTo(401);
        assertThat(refused(report, "comms").getStatus().getCode()).isEqualTo(403);
    }

    private Map<?, ?> post(String report, String user) {
        HttpResponse<Map> response = http.toBlocking().exchange(request(report, user), Map.class);
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        return response.body();
    }

    private HttpClientResponseException refused(String report, String user) {
        try {
            http.toBlocking().exchange(request(report, user), String.class);
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected the report to be refused");
    }

    private static HttpRequest<String> request(String report, String user) {
        var request = HttpRequest.POST("/api/bounces", report).contentType(RFC822);
        return user == null ? request : request.basicAuth(user, user + "-pw");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<?, ?> ingested) {
        List<Map<String, Object>> recipients = (List<Map<String, Object>>) ingested.get("recipients");
        assertThat(recipients).hasSize(1);
        return recipients.get(0);
    }

    private static String body(HttpClientResponseException e) {
        return e.getResponse().getBody(String.class).orElse("");
    }

    private static String dsn(String sample, String messageId) throws IOException {
        try (InputStream in = BounceIT.class.getResourceAsStream("/dsn/" + sample)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("{{MESSAGE_ID}}", messageId)
                    .replace("{{DOMAIN}}", "retry.example");
        }
    }
}
