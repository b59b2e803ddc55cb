package dev.breachnotify.notifier.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every place of a report where the reported mail's Message-ID can be found, and the RFC 6533 part types. */
class ReportReferencesTest {

    private static final String ID = "<3f1c2b9e-8d4a-3b7c-9e21-5a6b7c8d9e0f@vendor.example>";

    @Test
    void theReturnedHeadersInReplyToAndReferencesNameTheMail() throws Exception {
        for (String header : new String[] {"Message-ID", "In-Reply-To", "References"}) {
            DeliveryStatusReport report = parse("", "message/delivery-status", "", header + ": <other@x> " + ID);
            assertThat(report.originalMessageIds()).as(header).contains(ID);
        }
    }

    @Test
    void thePerMessageFieldsNameTheMail() throws Exception {
        for (String field : new String[] {"Original-Message-ID", "X-Original-Message-ID"}) {
            assertThat(parse("", "message/delivery-status", field + ": " + ID + "\r\n", null)
                            .originalMessageIds())
                    .as(field)
                    .containsExactly(ID);
        }
    }

    @Test
    void theReportsOwnHeadersNameTheMail() throws Exception {
        for (String header : new String[] {"Original-Message-ID", "In-Reply-To", "References"}) {
            assertThat(parse(header + ": " + ID + "\r\n", "message/delivery-status", "", null)
                            .originalMessageIds())
                    .as(header)
                    .containsExactly(ID);
        }
    }

    @Test
    void internationalizedReportsAreReadToo() throws Exception {
        DeliveryStatusReport report = parse("", "message/global-delivery-status", "", "Message-ID: " + ID);

        assertThat(report.originalMessageIds()).containsExactly(ID);
        assertThat(report.recipients())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("5.1.1"));
    }

    private static DeliveryStatusReport parse(
            String reportHeaders, String statusType, String perMessage, String returned)
            throws DeliveryStatusParser.MalformedReportException {
        StringBuilder mail = new StringBuilder()
                .append("Message-ID: <report@mx.example>\r\n")
                .append(reportHeaders)
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"b0\"\r\n\r\n")
                .append("--b0\r\nContent-Type: ")
                .append(statusType)
                .append("\r\n\r\nReporting-MTA: dns; mx.example\r\n")
                .append(perMessage)
                .append("\r\nFinal-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n");
        if (returned != null) {
            mail.append("\r\n--b0\r\nContent-Type: message/global-headers\r\n\r\n")
                    .append(returned)
                    .append("\r\n");
        }
        mail.append("\r\n--b0--\r\n");
        return DeliveryStatusParser.parse(mail.toString().getBytes(StandardCharsets.UTF_8));
    }
}
