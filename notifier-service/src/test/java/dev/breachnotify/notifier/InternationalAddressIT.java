package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.notifier.email.DkimSettings;
import dev.breachnotify.notifier.email.DkimSigning;
import dev.breachnotify.notifier.email.OutgoingMail;
import dev.breachnotify.notifier.email.PythonDkim;
import dev.breachnotify.notifier.email.SendOutcome;
import dev.breachnotify.notifier.email.SmtpMailer;
import dev.breachnotify.notifier.email.SmtpSettings;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.notifier.template.RenderedMail;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internationalised recipient addresses against a relay that offers SMTPUTF8 (GreenMail) and one that does not
 * ({@link ScriptedRelay}): domains always go as A-labels; a non-ASCII local part is sent with SMTPUTF8 or fails
 * permanently, and then the practice gets a letter at once.
 */
class InternationalAddressIT {

    private static final KeyPair RSA = PythonDkim.generate("RSA", 2048);

    @TempDir
    Path dir;

    @Test
    void aRelayWithSmtpUtf8GetsTheALabelDomainAndTheUnicodeLocalPartAndBothMailsVerify() throws Exception {
        try (MailCatcher greenMail = MailCatcher.start(0, dir.resolve("eml"))) {
            SmtpMailer mailer = mailer(greenMail.smtpPort());
            try {
                // When one mail goes to an IDN domain, one to a non-ASCII local part
                SendOutcome idn = mailer.send(mail("info@müller-ärzte.de"));
                SendOutcome utf8 = mailer.send(mail("dr.müller@praxis.example"));

                // Then the relay took both, with the domain as its A-label
                assertThat(idn.kind()).as(idn.detail()).isEqualTo(SendOutcome.Kind.SENT);
                assertThat(utf8.kind()).as(utf8.detail()).isEqualTo(SendOutcome.Kind.SENT);
                List<MimeMessage> received = greenMail.awaitMessages(2, Duration.ofSeconds(30));
                assertThat(received)
                        .extracting(message -> message.getHeader("To", null))
                        .containsExactlyInAnyOrder("info@xn--mller-rzte-v5a6z.de", "dr.müller@praxis.example");
                // and the captured mails carry signatures that an independent verifier accepts
                String missing = PythonDkim.unavailable();
                if (missing == null) {
                    List<Path> eml;
                    try (Stream<Path> files = Files.list(dir.resolve("eml"))) {
                        eml = files.filter(file -> file.toString().endsWith(".eml"))
                                .toList();
                    }
                    PythonDkim.Result result = PythonDkim.verify(
                            dir,
                            eml,
                            Map.of("breachnotify._domainkey.vendor.example", PythonDkim.txtRecord(RSA.getPublic())));
                    assertThat(result.failures()).isEmpty();
                    assertThat(result.signatures()).isEqualTo(2);
                } else {
                    System.out.println("DKIM of the captured mails not verified: " + missing);
                }
            } finally {
                mailer.closeAll();
            }
        }
    }

    @Test
    void aRelayWithoutSmtpUtf8GetsTheALabelAndRefusesNothingButAUnicodeLocalPartFailsForGood() {
        try (ScriptedRelay relay = new ScriptedRelay()) {
            SmtpMailer mailer = mailer(relay.port());
            try {
                SendOutcome idn = mailer.send(mail("info@müller-ärzte.de"));
                SendOutcome utf8 = mailer.send(mail("dr.müller@praxis.example"));
                SendOutcome never = mailer.send(mail("info@-praxis-.de"));

                assertThat(idn.kind()).as(idn.detail()).isEqualTo(SendOutcome.Kind.SENT);
                assertThat(relay.recipients()).containsExactly("<info@xn--mller-rzte-v5a6z.de>");
                assertThat(utf8.kind()).isEqualTo(SendOutcome.Kind.PERMANENT);
                assertThat(utf8.detail()).contains("does not offer SMTPUTF8 (RFC 6531)", "dr.müller@praxis.example");
                assertThat(never.kind()).isEqualTo(SendOutcome.Kind.PERMANENT);
                assertThat(never.detail()).startsWith("undeliverable address 'info@-praxis-.de': ");
                assertThat(relay.acceptedMessageIds()).hasSize(1);
            } finally {
                mailer.closeAll();
            }
        }
    }

    @Test
    void aPracticeWhoseAddressTheRelayCannotTakeGetsALetterAtOnce() {
        try (ScriptedRelay relay = new ScriptedRelay();
                ApplicationContext context = start("notifier_idn_it", relay)) {
            // Given a practice whose only address has a non-ASCII local part, and a relay without SMTPUTF8
            OneMailAdvisory published = OneMailAdvisory.publish(context, "idn", "dr.müller@praxis.example");

            // When the mail is tried
            List<EventPayload> events = OneMailAdvisory.readUntil(
                    "email.failed and the letter",
                    read -> published.count(read, EmailFailed.class) == 1
                            && read.stream()
                                    .anyMatch(e -> e instanceof NotificationRequested n
                                            && n.practiceId().equals(published.practiceId())
                                            && n.channel() == Channel.LETTER));

            // Then it failed permanently on the first attempt, never deferred, and a letter is planned
            EmailFailed failed = published.only(events, EmailFailed.class);
            assertThat(failed.permanent()).isTrue();
            assertThat(failed.retriesExpired()).isFalse();
            assertThat(failed.attempt()).isEqualTo(1);
            assertThat(failed.reason()).contains("SMTPUTF8");
            assertThat(published.all(events, EmailDeferred.class)).isEmpty();
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

    private static SmtpMailer mailer(int port) {
        SmtpSettings smtp = new SmtpSettings();
        smtp.setHost("127.0.0.1");
        smtp.setPort(port);
        smtp.setTimeout(Duration.ofSeconds(10));
        smtp.setFrom("Sicherheitshinweis <security-notice@vendor.example>");
        DkimSettings dkim = new DkimSettings();
        dkim.setPrivateKey(Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded()));
        return new SmtpMailer(smtp, new DkimSigning(dkim, smtp, Clock.systemUTC()));
    }

    private static OutgoingMail mail(String to) {
        return new OutgoingMail(
                UUID.randomUUID(),
                List.of(to),
                "de",
                new RenderedMail(
                        "Bitte Passwörter ändern",
                        "Sehr geehrte Praxis,\n\nbitte ändern Sie Ihre Passwörter.\n",
                        "<p>Bitte ändern.</p>\n"));
    }

    private static ApplicationContext start(String database, ScriptedRelay relay) {
        Map<String, Object> properties = new HashMap<>(NotifierTestProperties.of(database));
        properties.put("micronaut.server.port", -1);
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(relay.port()));
        properties.put("breachnotify.notifier.smtp.timeout", "5s");
        properties.put("breachnotify.notifier.email.retry-poll-interval", "100ms");
        return ApplicationContext.run(properties);
    }
}
