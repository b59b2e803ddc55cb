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
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends through the relay with Angus Mail over a small pool of connections that stay open between mails.
 * Each mail has a multipart/alternative body (plain text and HTML from one source), a Message-ID derived
 * from its notification id (so a re-sent mail is recognisably the same message) and, when configured, a DKIM
 * signature. No tracking pixels, no remote images.
 *
 * <p>Recipient domains go to the relay as their A-label ({@link RecipientAddress}). A mail to a local part that
 * is not ASCII goes on a connection of its own with SMTPUTF8 (RFC 6531) when the relay offers it, and is a
 * permanent failure (so a letter at once) when it does not; so is an address that no relay would ever take.
 */
@Singleton
public class SmtpMailer implements Mailer {

    private static final String UNREACHABLE = "relay unreachable: ";
    static final String NO_SMTPUTF8 = "the recipient's address is internationalised (a non-ASCII local part) and "
            + "the relay does not offer SMTPUTF8 (RFC 6531): ";

    private final SmtpSettings settings;
    private final DkimSigning dkim;
    private final Session session;
    /** For mails that need SMTPUTF8: UTF-8 in the envelope and headers; connections not pooled. */
    private final Session utf8Session;

    private final BlockingQueue<Transport> idle;
    private final InternetAddress from;
    private final String messageIdDomain;
    private final DateHeader dates = new DateHeader(ZoneId.systemDefault());
    private final SubjectHeader subjects = new SubjectHeader();

    public SmtpMailer(SmtpSettings settings, DkimSigning dkim) {
        // Jakarta Mail 2.1 finds its StreamProvider with a ServiceLoader scan of the whole class path for every
        // encoded body part unless this property names it; the scan was most of the time of a send.
        System.getProperties()
                .putIfAbsent("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        this.settings = settings;
        this.dkim = dkim;
        Properties properties = SmtpSessionProperties.of(
                settings.getHost(),
                settings.getPort(),
                settings.getTimeout(),
                settings.isStarttls(),
                settings.getUsername() != null && !settings.getUsername().isBlank());
        this.session = Session.getInstance(properties);
        Properties utf8 = new Properties();
        utf8.putAll(properties);
        utf8.put("mail.mime.allowutf8", "true");
        this.utf8Session = Session.getInstance(utf8);
        this.idle = new ArrayBlockingQueue<>(Math.max(1, settings.getConnections()));
        try {
            InternetAddress parsed = new InternetAddress(settings.getFrom(), true);
            // a display name with umlauts is RFC 2047-encoded in the header, not sent as raw 8-bit text
            this.from = parsed.getPersonal() == null
                    ? parsed
                    : new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new IllegalArgumentException("breachnotify.notifier.smtp.from is not an address: " + e.getMessage());
        }
        this.messageIdDomain = settings.fromDomain();
    }

    @Override
    public SendOutcome send(OutgoingMail mail) {
        List<RecipientAddress> recipients = new ArrayList<>(mail.recipients().size());
        try {
            for (String recipient : mail.recipients()) {
                recipients.add(RecipientAddress.parse(recipient));
            }
        } catch (UndeliverableAddressException e) {
            return new SendOutcome(SendOutcome.Kind.PERMANENT, null, e.getMessage());
        }
        if (recipients.stream().anyMatch(RecipientAddress::needsSmtpUtf8)) {
            return sendInternationalised(mail, recipients);
        }
        // Pooled connections are not probed (isConnected() costs a NOOP round trip per mail): one the relay has
        // dropped (idle timeout, or closed after a 421) fails the send with a MessagingException, is closed, and
        // the mail is sent once more on a new connection.
        Transport pooled = idle.poll();
        if (pooled != null) {
            SendOutcome outcome = send(mail, recipients, pooled);
            if (outcome.detail() == null || !outcome.detail().startsWith(UNREACHABLE)) {
                return outcome;
            }
        }
        return send(mail, recipients, null);
    }

    /** Sends on a new connection of the UTF-8 session, if the relay offers SMTPUTF8; closes it after. */
    private SendOutcome sendInternationalised(OutgoingMail mail, List<RecipientAddress> recipients) {
        Transport transport = null;
        try {
            transport = connect(utf8Session);
            if (transport instanceof SMTPTransport smtp && !smtp.supportsExtension("SMTPUTF8")) {
                return new SendOutcome(
                        SendOutcome.Kind.PERMANENT,
                        null,
                        NO_SMTPUTF8
                                + recipients.stream()
                                        .filter(RecipientAddress::needsSmtpUtf8)
                                        .map(RecipientAddress::given)
                                        .toList());
            }
            MimeMessage message = compose(utf8Session, mail, recipients);
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "250";
            return SendOutcome.sent(reply == null ? "250" : reply.strip());
        } catch (SMTPSendFailedException | SMTPAddressFailedException e) {
            return classify(returnCode(e), e.getMessage());
        } catch (SendFailedException e) {
            if (e.getNextException() instanceof SMTPAddressFailedException failed) {
                return classify(failed.getReturnCode(), failed.getMessage());
            }
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, null, e.getMessage());
        } catch (MessagingException e) {
            return new SendOutcome(SendOutcome.Kind.TRANSIENT, null, UNREACHABLE + e.getMessage());
        } finally {
            close(transport);
        }
    }

    /** Sends on this connection, or on a new one when it is {@code null}. */
    private SendOutcome send(OutgoingMail mail, List<RecipientAddress> recipients, Transport connection) {
        Transport transport = connection;
        try {
            if (transport == null) {
                transport = connect(session);
            }
            MimeMessage message = compose(session, mail, recipients);
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

    private Transport connect(Session on) throws MessagingException {
        Transport transport = on.getTransport("smtp");
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

    MimeMessage compose(OutgoingMail mail) throws MessagingException, UndeliverableAddressException {
        List<RecipientAddress> recipients = new ArrayList<>();
        for (String recipient : mail.recipients()) {
            recipients.add(RecipientAddress.parse(recipient));
        }
        return compose(
                recipients.stream().anyMatch(RecipientAddress::needsSmtpUtf8) ? utf8Session : session,
                mail,
                recipients);
    }

    private MimeMessage compose(Session on, OutgoingMail mail, List<RecipientAddress> recipients)
            throws MessagingException {
        String messageId = messageId(mail.notificationId());
        String subject = mail.content().subject();
        MimeMessage message = new MimeMessage(on) {
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
        Address[] to = new Address[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            InternetAddress address = new InternetAddress();
            address.setAddress(recipients.get(i).address()); // checked by RecipientAddress.parse
            to[i] = address;
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
        return dkim.sign(on, message);
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
    public void closeAll() {
        Transport transport;
        while ((transport = idle.poll()) != null) {
            close(transport);
        }
    }
}
