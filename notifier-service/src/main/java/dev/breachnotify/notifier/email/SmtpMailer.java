package dev.breachnotify.notifier.email;

import dev.breachnotify.platform.mail.SmtpSessionProperties;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Sends through the relay with Angus Mail over a small pool of connections that stay open between mails.
 * Each mail has a multipart/alternative body (plain text and HTML from one source), a Message-ID derived
 * from its notification id (so a re-sent mail is recognisably the same message) and, when configured, a DKIM
 * signature. No tracking pixels, no remote images.
 */
@Singleton
public class SmtpMailer implements Mailer {

    private static final String UNREACHABLE = "relay unreachable: ";

    private final SmtpSettings settings;
    private final DkimSigning dkim;
    private final Session session;
    private final BlockingQueue<Transport> idle;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final DateHeader dates = new DateHeader(ZoneId.systemDefault());
    private final SubjectHeader subjects = new SubjectHeader();

    public SmtpMailer(SmtpSettings settings, DkimSigning dkim) {
        // Jakarta Mail 2.1 finds its StreamProvider with a ServiceLoader scan of the whole class path for every
        // encoded body part unless this property names it; the scan was most of the time of a send.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
        this.settings = settings;
        this.dkim = dkim;
        this.session = Session.getInstance(SmtpSessionProperties.of(settings.getHost(), settings.getPort(),
                settings.getTimeout(), settings.isStarttls(),
                settings.getUsername() != null && !settings.getUsername().isBlank()));
        this.idle = new ArrayBlockingQueue<>(Math.max(1, settings.getConnections()));
        try {
            InternetAddress parsed = new InternetAddress(settings.getFrom(), true);
            // a display name with umlauts is RFC 2047-encoded in the header, not sent as raw 8-bit text
            this.from = parsed.getPersonal() == null ? parsed
                    : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new IllegalArgumentException("breachnotify.notifier.smtp.from is not an address: "
                    + e.getMessage());
        }
        this.messageIdDomain = settings.fromDomain();
    }

    @Override
    public SendOutcome send(OutgoingMail mail) {
        // Pooled connections are not probed (isConnected() costs a NOOP round trip per mail): one the relay has
        // dropped (idle timeout, or closed after a 421) fails the send with a MessagingException, is closed, and
        // the mail is sent once more on a new connection.
        Transport pooled = idle.poll();
        if (pooled != null) {
            SendOutcome outcome = send(mail, pooled);
            if (outcome.detail() == null || !outcome.detail().startsWith(UNREACHABLE)) {
                return outcome;
            }
        }
        return send(mail, null);
    }

    /** Sends on this connection, or on a new one when it is {@code null}. */
    private SendOutcome send(OutgoingMail mail, Transport connection) {
        Transport transport = connection;
        try {
            if (transport == null) {
                transport = connect();
            }
            MimeMessage message = compose(mail);
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "250";
            SendOutcome outcome = SendOutcome.sent(reply == null ? "250" : reply.strip());
            release(transport);
            return outcome;
        } catch (SMTPSendFailedException | SMTPAddressFailedException e) {
            int code = returnCode(e);
            if (code == 421) {
                close(transport); // "service not available, closing transmission channel" (RFC 5321)
            } else {
                release(transport);
            }
            return classify(code, e.getMessage());
        } catch (SendFailedException e) {
            release(transport);
            Exception next = e.getNextException();
            if (next instanceof SMTPAddressFailedException failed) {
                return classify(failed.getReturnCode(), failed.getMessage());
            }
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, null, e.getMessage());
        } catch (MessagingException e) {
            close(transport);
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, null, UNREACHABLE + e.getMessage());
        }
    }

    private static int returnCode(MessagingException e) {
        if (e instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        }
        return ((SMTPAddressFailedException) e).getReturnCode();
    }

    private static SendOutcome classify(int code, String detail) {
        String reply = detail == null ? "" : detail.strip();
        return code >= 500
                ? new SendOutcome(SendOutcome.Kind.PERMANENT, code, reply)
                : new SendOutcome(SendOutcome.Kind.TRANSIENT, code, reply);
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        if (settings.getUsername() != null && !settings.getUsername().isBlank()) {
            transport.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
        } else {
            transport.connect();
        }
        return transport;
    }

    @Override
    public String messageId(java.util.UUID notificationId) {
        return "<" + notificationId + "@" + messageIdDomain + ">";
    }

    MimeMessage compose(OutgoingMail mail) throws MessagingException {
        String messageId = messageId(mail.notificationId());
        String subject = mail.content().subject();
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }

            @Override
            public String getSubject() {
                return subject; // what decoding the header gives back, without decoding it (the transport asks)
            }
        };
        message.setFrom(from);
        Address[] to = new Address[mail.recipients().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(mail.recipients().get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, to);
        message.setHeader("Subject", subjects.encoded(subject));
        message.setHeader("Date", dates.at(Instant.now()));
        message.setHeader("Content-Language", mail.language());
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(TextPart.of(mail.content().text(), "plain"));
        alternative.addBodyPart(TextPart.of(mail.content().html(), "html"));
        message.setContent(alternative);
        message.saveChanges();
        return dkim.sign(message);
    }

    private void release(Transport transport) {
        if (transport != null && !idle.offer(transport)) {
            close(transport);
        }
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is gone either way
            }
        }
    }

    @PreDestroy
    void closeAll() {
        Transport transport;
        while ((transport = idle.poll()) != null) {
            close(transport);
        }
    }

}
