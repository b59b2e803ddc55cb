package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The cached Subject and Date headers are what Jakarta Mail would write, and read back as such. */
class MailHeadersTest {

    @Test
    void subjectIsEncodedAsSetSubjectEncodesIt() throws Exception {
        String subject = "Bitte Passwörter ändern: eine ziemlich lange Betreffzeile, die gefaltet werden muss, "
                + "weil sie länger ist als eine Zeile";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(subject, "UTF-8");
        SubjectHeader subjects = new SubjectHeader();
        assertThat(subjects.encoded(subject)).isEqualTo(message.getHeader("Subject", null));
        assertThat(subjects.encoded(subject)).isEqualTo(message.getHeader("Subject", null));
        assertThat(subjects.encoded("Plain")).isEqualTo("Plain");
    }

    @Test
    void dateIsRfc5322AndFollowsTheClock() {
        DateHeader dates = new DateHeader(ZoneId.of("Europe/Berlin"));
        Instant at = Instant.parse("2026-12-02T07:15:00.250Z");
        assertThat(dates.at(at)).isEqualTo("Wed, 2 Dec 2026 08:15:00 +0100");
        assertThat(dates.at(at.plusMillis(500))).isEqualTo("Wed, 2 Dec 2026 08:15:00 +0100");
        assertThat(dates.at(at.plusSeconds(1))).isEqualTo("Wed, 2 Dec 2026 08:15:01 +0100");
        assertThat(ZonedDateTime.parse(dates.at(at), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant())
                .isEqualTo(Instant.parse("2026-12-02T07:15:00Z"));
    }
}
