package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextPartTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Hello practice,\n\nplease change your passwords.\n",
                "Sehr geehrte Praxis Müller,\n\nbitte ändern Sie die Passwörter Ihres TI-Konnektors.\n",
                "<p>Praxis &quot;Zürich&quot; = 100 % sicher?</p>\n<a href=\"https://ack.example/a/X\">Link</a>\n",
                "trailing spaces and a tab \t\nend",
                "a bare\rcarriage return",
                "Ärzte xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                ""
            })
    void isSentAsSetTextWouldSendIt(String text) throws Exception {
        for (String subtype : new String[] {"plain", "html"}) {
            MimeBodyPart expected = new MimeBodyPart();
            expected.setText(text, "UTF-8", subtype);
            expected.setHeader("Content-Transfer-Encoding", TransferEncoding.of(text));

            String sent = sent(TextPart.of(text, subtype));

            assertThat(sent).isEqualTo(sent(expected));
            assertThat(readBack(sent)).isEqualTo(readBack(sent(expected)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Passwörter ändern: TI-Konnektor, Praxissoftware", "plain ASCII"})
    void readsBackAsTheText(String text) throws Exception {
        String sent = sent(TextPart.of(text, "plain"));

        assertThat(readBack(sent)).isEqualTo(text);
        assertThat(sent).contains("Content-Type: text/plain; charset=UTF-8");
    }

    /**
     * The part in a message as it would be sent, with the multipart's boundary (random) replaced by a fixed one and a
     * fixed Date (Jakarta Mail adds the time of writing otherwise, which differs between two messages).
     */
    private static String sent(MimeBodyPart part) throws Exception {
        MimeMessage message = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() {
                // no Message-ID: it differs each time
            }
        };
        message.setHeader("Date", "Thu, 1 Jan 2026 00:00:00 +0000");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part);
        message.setContent(alternative);
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        String boundary = alternative.getContentType().replaceAll("(?s).*boundary=\"([^\"]+)\".*", "$1");
        return out.toString(StandardCharsets.UTF_8).replace(boundary, "BOUNDARY");
    }

    private static Object readBack(String sent) throws Exception {
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(sent.getBytes(StandardCharsets.UTF_8)));
        return ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
    }
}
