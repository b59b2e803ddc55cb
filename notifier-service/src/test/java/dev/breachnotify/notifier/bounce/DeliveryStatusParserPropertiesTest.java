package dev.breachnotify.notifier.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The delivery status parser against any body a bounce pipe (or an attacker with its password) can post: a report
 * or a {@link DeliveryStatusParser.MalformedReportException} with a message, and a report written by the rules of
 * RFC 3464 reads back as written.
 */
class DeliveryStatusParserPropertiesTest {

    private static final List<String> SAMPLES = List.of(
            "postfix-failed-5.1.1.eml", "sendmail-delayed-4.7.0.eml", "exchange-failed-5.2.2-no-returned-message.eml");

    @Property
    void anyBytesAreAReportOrMalformed(@ForAll byte[] body) {
        assertParsesOrMalformed(body);
    }

    @Property
    void aDamagedReportIsAReportOrMalformed(
            @ForAll @IntRange(min = 0, max = 2) int sample,
            @ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll @IntRange(min = 0, max = 40) int removed,
            @ForAll("damage") String inserted)
            throws Exception {
        String report = new String(DeliveryStatusParserTest.sample(SAMPLES.get(sample)), StandardCharsets.ISO_8859_1);
        int at = position % (report.length() + 1);
        String damaged = report.substring(0, at) + inserted + report.substring(Math.min(report.length(), at + removed));

        assertParsesOrMalformed(damaged.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void aWellFormedReportReadsBackAsWritten(
            @ForAll("recipients") List<DeliveryStatusReport.RecipientStatus> recipients,
            @ForAll("messageIds") String original,
            @ForAll boolean returnedHeaders)
            throws Exception {
        StringBuilder mail = new StringBuilder()
                .append("From: MAILER-DAEMON@mx.example\r\nMessage-ID: <report-1@mx.example>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"b0\"\r\n\r\n")
                .append("--b0\r\nContent-Type: text/plain\r\n\r\nundeliverable\r\n")
                .append("--b0\r\nContent-Type: message/delivery-status\r\n\r\n")
                .append("Reporting-MTA: dns; mx.example\r\n");
        if (!returnedHeaders) {
            mail.append("Original-Message-ID: ").append(original).append("\r\n");
        }
        for (DeliveryStatusReport.RecipientStatus recipient : recipients) {
            mail.append("\r\nFinal-Recipient: rfc822; ")
                    .append(recipient.recipient())
                    .append("\r\n")
                    .append("Action: ")
                    .append(recipient.action())
                    .append("\r\n")
                    .append("Status: ")
                    .append(recipient.status())
                    .append("\r\n");
            if (recipient.diagnostic() != null) {
                mail.append("Diagnostic-Code: ").append(recipient.diagnostic()).append("\r\n");
            }
        }
        if (returnedHeaders) {
            mail.append("\r\n--b0\r\nContent-Type: text/rfc822-headers\r\n\r\n")
                    .append("Message-ID: ")
                    .append(original)
                    .append("\r\nSubject: notice\r\n");
        }
        mail.append("\r\n--b0--\r\n");

        DeliveryStatusReport report = DeliveryStatusParser.parse(mail.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(report.reportId()).isEqualTo("<report-1@mx.example>");
        assertThat(report.originalMessageIds()).containsExactly(original);
        assertThat(report.recipients()).containsExactlyElementsOf(recipients);
        for (DeliveryStatusReport.RecipientStatus recipient : report.recipients()) {
            assertThat(recipient.permanentFailure())
                    .isEqualTo(recipient.action().equals("failed")
                            && recipient.status().startsWith("5"));
        }
    }

    private static void assertParsesOrMalformed(byte[] body) {
        try {
            DeliveryStatusReport report = DeliveryStatusParser.parse(body);
            assertThat(report.recipients()).isNotEmpty().allSatisfy(recipient -> {
                assertThat(recipient.status()).matches("[245]\\.\\d{1,3}\\.\\d{1,3}");
                assertThat(recipient.action()).isIn("failed", "delayed", "delivered", "relayed", "expanded");
                assertThat(recipient.recipient()).isNotNull();
            });
            assertThat(report.originalMessageIds())
                    .allSatisfy(id -> assertThat(id).matches("<[^<>\\s]+>"));
        } catch (DeliveryStatusParser.MalformedReportException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> damage() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "\r\n",
                        "\r\n\r\n",
                        "--",
                        "--4Q9xYk2F7Rz9sWd.1764663247/mx.vendor.example--\r\n",
                        ":",
                        ";",
                        "boundary=\"\"",
                        "Content-Type: message/delivery-status\r\n\r\n",
                        "Status: 9.9.9\r\n",
                        "Action: \r\n",
                        "=?utf-8?B?",
                        "Content-Transfer-Encoding: base64\r\n",
                        "\u0000",
                        "é",
                        "\""),
                Arbitraries.strings().ofMaxLength(6));
    }

    @Provide
    Arbitrary<String> messageIds() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(s -> !s.contains("<") && !s.contains(">") && !s.contains("@"))
                .map(local -> "<" + local + "@vendor.example>");
    }

    @Provide
    Arbitrary<List<DeliveryStatusReport.RecipientStatus>> recipients() {
        Arbitrary<String> address = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcxyz019._+-")
                                .ofMinLength(1)
                                .ofMaxLength(12),
                        Arbitraries.strings()
                                .withChars("abcxyz019-")
                                .ofMinLength(1)
                                .ofMaxLength(12))
                .as((local, host) -> (local + "@" + host + ".example").toLowerCase(Locale.ROOT));
        Arbitrary<String> status = Combinators.combine(
                        Arbitraries.of("2", "4", "5"),
                        Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 999))
                .as((c, s, d) -> c + "." + s + "." + d);
        Arbitrary<String> diagnostic = Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(60)
                .map(text -> "smtp; 550 " + text)
                .injectNull(0.3);
        return Combinators.combine(
                        address,
                        Arbitraries.of("failed", "delayed", "delivered", "relayed", "expanded"),
                        status,
                        diagnostic)
                .as(DeliveryStatusReport.RecipientStatus::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
    }
}
