package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.AdvisoryException;
import dev.breachnotify.notifier.advisory.AdvisoryService;
import dev.breachnotify.notifier.email.OutgoingMail;
import dev.breachnotify.notifier.template.RenderedMail;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No placeholder vendor reaches a practice: notifier-service does not start while the vendor's identity is
 * incomplete, and a publish is refused while it is, each time naming the missing key.
 */
class VendorIdentityIT {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();

    @Test
    void theServiceDoesNotStartWithAnIncompleteIdentityAndSaysWhatIsMissing() {
        Map<String, Object> properties = properties();
        properties.put("breachnotify.vendor.support-phone", "");
        properties.put("breachnotify.vendor.register-court", " ");

        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                .hasStackTraceContaining("the vendor's identity is incomplete; set "
                        + "breachnotify.vendor.support-phone, breachnotify.vendor.register-court");
    }

    @Test
    void aPublishIsRefusedWhileTheIdentityIsIncomplete() {
        // Given a service whose start-up check is switched off, without the vendor's verify page
        Map<String, Object> properties = properties();
        properties.put("breachnotify.vendor.check", "false");
        properties.put("breachnotify.vendor.verify-url", "");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            AdvisoryService advisories = context.getBean(AdvisoryService.class);
            String advisoryId = advisories
                    .create(
                            new AdvisoryDraft(
                                    "Vendor",
                                    Map.of(
                                            "de",
                                            new LocalizedText("Betreff", "{{salutation}}"),
                                            "en",
                                            new LocalizedText("Subject", "x")),
                                    null,
                                    LocalDate.now().plusDays(20),
                                    new Audience(Audience.Kind.SEGMENTS, List.of("vendor-it")),
                                    List.of(Channel.EMAIL),
                                    null,
                                    null),
                            "comms")
                    .advisoryId();

            // When it is published, Then it is refused, naming the missing key
            assertThatThrownBy(() -> advisories.publish(advisoryId, "comms"))
                    .isInstanceOfSatisfying(AdvisoryException.class, e -> {
                        assertThat((Object) e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
                        assertThat((String) e.getMessage()).contains("breachnotify.vendor.verify-url");
                    });
        }
    }

    @Test
    void aSenderNameWithUmlautsIsEncodedInTheFromHeader() throws Exception {
        // Given a vendor whose sender name is not ASCII
        Map<String, Object> properties = properties();
        properties.put("breachnotify.vendor.sender-name", "Sicherheitsteam Müller Praxissoftware");
        String to = "from-" + java.util.UUID.randomUUID() + "@praxis.example";
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            // When a mail is sent
            context.getBean(dev.breachnotify.notifier.email.Mailer.class)
                    .send(new OutgoingMail(
                            java.util.UUID.randomUUID(),
                            List.of(to),
                            "de",
                            new RenderedMail("Betreff", "Text", "<p>Text</p>")));
        }

        // Then the From header is RFC 2047-encoded ASCII, and reads back as the configured name
        jakarta.mail.internet.MimeMessage mail = org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                        () -> INFRA.mail().messages().stream()
                                .filter(m -> sentTo(m, to))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        String header = mail.getHeader("From", null);
        assertThat(header)
                .startsWith("=?UTF-8?")
                .endsWith("<security-notice@vendor.example>")
                .matches("\\p{ASCII}+");
        assertThat(((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getPersonal())
                .isEqualTo("Sicherheitsteam Müller Praxissoftware");
    }

    private static boolean sentTo(jakarta.mail.internet.MimeMessage mail, String to) {
        try {
            return mail.getAllRecipients()[0].toString().equals(to);
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_vendor_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", INFRA.smtpPort());
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString(
                                "vendor-it-code-key-0123456789abcdef012345".getBytes(StandardCharsets.US_ASCII)));
        return properties;
    }
}
