package dev.breachnotify.notifier.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryStatusParserTest {

    private static final String MESSAGE_ID = "<3f1c2b9e-8d4a-3b7c-9e21-5a6b7c8d9e0f@vendor.example>";

    @Test
    void aPostfixBounceNamesTheRecipientItsPermanentStatusAndTheReturnedMessageId() throws Exception {
        DeliveryStatusReport report = DeliveryStatusParser.parse(sample("postfix-failed-5.1.1.eml"));

        assertThat(report.reportId()).isEqualTo("<20261202081407.4Q9xYk2F7Rz9sWd@mx.vendor.example>");
        assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
        assertThat(report.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.recipient()).isEqualTo("praxis@praxis.example");
            assertThat(recipient.action()).isEqualTo("failed");
            assertThat(recipient.status()).isEqualTo("5.1.1");
            assertThat(recipient.permanentFailure()).isTrue();
            assertThat(recipient.diagnostic())
                    .isEqualTo("smtp; 550 5.1.1 <praxis@praxis.example>: Recipient "
                            + "address rejected: User unknown in virtual mailbox table");
        });
    }

    @Test
    void aDelayWarningIsNoPermanentFailure() throws Exception {
        DeliveryStatusReport report = DeliveryStatusParser.parse(sample("sendmail-delayed-4.7.0.eml"));

        assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
        assertThat(report.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.action()).isEqualTo("delayed");
            assertThat(recipient.status()).isEqualTo("4.7.0");
            assertThat(recipient.permanentFailure()).isFalse();
        });
    }

    @Test
    void aReportWithoutTheReturnedMessageIsMatchedByInReplyTo() throws Exception {
        DeliveryStatusReport report =
                DeliveryStatusParser.parse(sample("exchange-failed-5.2.2-no-returned-message.eml"));

        assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
        assertThat(report.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.recipient()).isEqualTo("empfang@praxis.example");
            assertThat(recipient.status()).isEqualTo("5.2.2");
            assertThat(recipient.permanentFailure()).isTrue();
        });
    }

    @Test
    void anythingElseIsRefusedNamingTheProblem() throws Exception {
        assertThatThrownBy(() -> DeliveryStatusParser.parse(new byte[0])).hasMessageContaining("empty body");
        assertThatThrownBy(() -> DeliveryStatusParser.parse(ascii("Subject: hi\r\n\r\nhello\r\n")))
                .hasMessageContaining("Content-Type is 'text/plain'")
                .hasMessageContaining("expected 'multipart/report; report-type=delivery-status'");
        String postfix = new String(sample("postfix-failed-5.1.1.eml"), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> DeliveryStatusParser.parse(
                        ascii(postfix.replace("report-type=delivery-status", "report-type=disposition-notification"))))
                .hasMessageContaining("report-type=disposition-notification");
        assertThatThrownBy(() ->
                        DeliveryStatusParser.parse(ascii(postfix.replace("message/delivery-status", "text/plain"))))
                .hasMessageContaining("no message/delivery-status part");
        assertThatThrownBy(() -> DeliveryStatusParser.parse(ascii(postfix.replace("Status: 5.1.1", "Status: bad"))))
                .hasMessageContaining("per-recipient block 1: Status is 'bad'");
        assertThatThrownBy(() -> DeliveryStatusParser.parse(ascii(postfix.replace("Action: failed", "Action: lost"))))
                .hasMessageContaining("Action is 'lost'");
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = DeliveryStatusParserTest.class.getResourceAsStream("/dsn/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("{{MESSAGE_ID}}", MESSAGE_ID)
                    .replace("{{DOMAIN}}", "praxis.example")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
