package dev.breachnotify.embedded;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server (GreenMail, on 127.0.0.1) that accepts every mail from any sender to any recipient without
 * authentication and keeps it in memory. When an {@code .eml} directory is given, every received mail is also written
 * there, one file per recipient, named {@code <UTC timestamp>_<recipient>.eml}, e.g.
 * {@code 20261124-101530-123_praxis-at-example.org.eml}, so a person can open it with a mail program.
 *
 * <p>Files are written synchronously while GreenMail delivers the mail (a delivery hook), before the SMTP server
 * acknowledges the message, so a file is on disk once the sender's {@code Transport.send} returns and nothing is
 * pending at {@link #close()}.
 */
public final class MailCatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailCatcher.class);
    private static final String HOST = "127.0.0.1";
    private static final DateTimeFormatter FILE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final GreenMail greenMail;
    private final Path emlDir;

    private MailCatcher(GreenMail greenMail, Path emlDir) {
        this.greenMail = greenMail;
        this.emlDir = emlDir;
    }

    /**
     * Starts the SMTP server.
     *
     * @param port   the SMTP port on 127.0.0.1, or 0 for a free port
     * @param emlDir where to write every received mail as an {@code .eml} file (created if missing), or null for none
     * @return the running server
     */
    public static MailCatcher start(int port, Path emlDir) {
        Path dir = emlDir == null ? null : emlDir.toAbsolutePath();
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the mail directory " + dir, e);
            }
        }
        ServerSetup setup = new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        GreenMail greenMail = new GreenMail(setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        MailCatcher catcher = new MailCatcher(greenMail, dir);
        if (dir != null) {
            var userManager = greenMail.getUserManager();
            userManager.setMessageDeliveryHandler(catcher.new EmlWriter(userManager.getMessageDeliveryHandler()));
        }
        LOG.info(
                "SMTP mail catcher listening on {}:{}{}",
                HOST,
                catcher.smtpPort(),
                dir == null ? "" : ", writing every mail to " + dir);
        return catcher;
    }

    /** @return the SMTP port on 127.0.0.1 */
    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** @return every mail received since the start or the last {@link #reset()}, one per recipient */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /**
     * Waits until at least {@code count} mails (one per recipient) have been received.
     *
     * @return all received mails (at least {@code count})
     * @throws IllegalStateException when fewer arrived within the timeout
     */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        // Polls rather than GreenMail's waitForIncomingEmail, which waits out its whole timeout when the mails
        // arrived before the call.
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MimeMessage> messages = messages();
        while (messages.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Expected at least " + count + " mail(s) on SMTP port " + smtpPort()
                        + " within " + timeout + " but received " + messages.size() + ": " + describe(messages));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            messages = messages();
        }
        return messages;
    }

    /** Deletes every received mail from memory (not the {@code .eml} files). */
    public void reset() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("Could not purge the received mails", e);
        }
    }

    /** @return the directory the {@code .eml} files are written to, or null when none */
    public Path emlDir() {
        return emlDir;
    }

    /** Stops the SMTP server. Mails are already on disk (see the class comment). */
    @Override
    public void close() {
        greenMail.stop();
    }

    private static String describe(List<MimeMessage> messages) {
        StringBuilder text = new StringBuilder("[");
        for (MimeMessage message : messages) {
            try {
                text.append(text.length() > 1 ? ", " : "")
                        .append('"')
                        .append(message.getSubject())
                        .append('"');
            } catch (MessagingException e) {
                text.append("(unreadable)");
            }
        }
        return text.append(']').toString();
    }

    /** GreenMail delivery hook: writes each mail, per recipient, before handing it on to GreenMail's own handler. */
    private final class EmlWriter implements MessageDeliveryHandler {
        private final MessageDeliveryHandler delegate;

        EmlWriter(MessageDeliveryHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public GreenMailUser handle(MovingMessage message, MailAddress recipient)
                throws MessagingException, UserException {
            try {
                write(message.getMessage(), recipient.getEmail());
            } catch (IOException | MessagingException | RuntimeException e) {
                LOG.warn("Could not write the mail to {} as an .eml file into {}", recipient.getEmail(), emlDir, e);
            }
            return delegate.handle(message, recipient);
        }
    }

    private synchronized void write(MimeMessage message, String recipient) throws IOException, MessagingException {
        String stem = FILE_TIMESTAMP.format(Instant.now()) + "_" + sanitize(recipient);
        Path partial = Files.createTempFile(emlDir, ".incoming-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                message.writeTo(out);
            }
            // Readers never see a half-written file: rename it into place, under a name not taken yet (rename would
            // replace an existing file; this method is synchronized, so no other writer of ours races for the name).
            Path target = emlDir.resolve(stem + ".eml");
            for (int n = 2; Files.exists(target); n++) {
                target = emlDir.resolve(stem + "-" + n + ".eml");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** {@code Praxis.Dr@Example.org} becomes {@code praxis.dr-at-example.org}; anything unusual becomes {@code _}. */
    static String sanitize(String recipient) {
        String lower = recipient == null ? "unknown" : recipient.toLowerCase(Locale.ROOT);
        String name = lower.replace("@", "-at-").replaceAll("[^a-z0-9._+-]", "_");
        if (name.length() > 100) {
            name = name.substring(0, 100);
        }
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
