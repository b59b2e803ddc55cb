package dev.breachnotify.audit.checkpoint;

import dev.breachnotify.platform.mail.SmtpSessionProperties;
import dev.breachnotify.verifier.NoteKeys;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails the latest signed checkpoint to the data-protection officer: a copy of the log's signed state in a mailbox
 * that neither the database's nor the service's administrators control, as the folder of {@link CheckpointPublisher}
 * may not be. At most one mail per {@code interval}, and only when the log has grown since the last one mailed; a
 * failed send is logged and tried again at the next interval. Off unless
 * {@code breachnotify.audit.checkpoint.mail.to} is set.
 *
 * <p>The mail holds the signed checkpoint (the text {@code audit-verifier --checkpoint} takes), the key's
 * fingerprint and how to check an export against it. It carries no entry, no practice and no code.
 */
@Singleton
@Requires(property = "breachnotify.audit.checkpoint.mail.to", pattern = "(?s).*\\S.*")
@Requires(property = "breachnotify.audit.checkpoint.enabled", notEquals = "false")
public class CheckpointMailer {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointMailer.class);

    private final Checkpoints checkpoints;
    private final SigningKey key;
    private final CheckpointMailSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private long lastMailedSize; // an empty log's checkpoint proves nothing worth a mail

    public CheckpointMailer(Checkpoints checkpoints, SigningKey key, CheckpointMailSettings settings) {
        this.checkpoints = checkpoints;
        this.key = key;
        this.settings = settings;
        this.from = address(settings.getFrom(), "from");
        List<String> recipients = settings.getTo();
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("breachnotify.audit.checkpoint.mail.to names no address");
        }
        this.to = new InternetAddress[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = address(recipients.get(i), "to[" + i + "]");
        }
        this.session = Session.getInstance(SmtpSessionProperties.of(
                settings.getHost(),
                settings.getPort(),
                settings.getTimeout(),
                settings.isStarttls(),
                settings.getUsername() != null));
    }

    @Scheduled(
            fixedDelay = "${breachnotify.audit.checkpoint.mail.interval:1h}",
            initialDelay = "${breachnotify.audit.checkpoint.mail.first-after:10s}")
    void mailLatest() {
        try {
            mailIfGrown();
        } catch (RuntimeException e) {
            LOG.error("Could not mail the latest checkpoint: {}", e.getMessage());
        }
    }

    /**
     * Mails the latest checkpoint if the log has grown since the last one mailed.
     *
     * @return the tree size mailed, if one was
     */
    synchronized Optional<Long> mailIfGrown() {
        Optional<SignedCheckpoint> latest = checkpoints.latest();
        if (latest.isEmpty() || latest.get().treeSize() <= lastMailedSize) {
            return Optional.empty();
        }
        SignedCheckpoint checkpoint = latest.get();
        try {
            Transport.send(message(checkpoint), settings.getUsername(), settings.getPassword());
        } catch (MessagingException e) {
            LOG.warn(
                    "Could not mail the checkpoint of tree size {} to {}:{}: {} (tried again in {})",
                    checkpoint.treeSize(),
                    settings.getHost(),
                    settings.getPort(),
                    e.getMessage(),
                    settings.getInterval());
            return Optional.empty();
        }
        lastMailedSize = checkpoint.treeSize();
        LOG.info("Checkpoint of {} entries mailed to {} recipient(s)", checkpoint.treeSize(), to.length);
        return Optional.of(checkpoint.treeSize());
    }

    private MimeMessage message(SignedCheckpoint checkpoint) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(
                "Audit log checkpoint: " + checkpoint.origin() + ", " + checkpoint.treeSize() + " entries",
                StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setText(body(checkpoint), StandardCharsets.UTF_8.name());
        return message;
    }

    /** The mail's text: what it is, the signed checkpoint, and how to use it. */
    String body(SignedCheckpoint checkpoint) {
        return """
                This is a signed checkpoint of the breach-notify audit log %s: the log's size and root hash at %s.
                Keep this mail. An export that verifies against this checkpoint, or is consistent with it, proves
                that the first %d entries have not been changed since, even by a database administrator.

                Signing key (Ed25519), fingerprint SHA256:%s

                ----- signed checkpoint (save everything between the dashed lines as checkpoint.txt) -----
                %s----- end of the signed checkpoint -----

                To check that a later export of the whole log only grew from it (docs/audit.md, section 5):
                  breachctl audit export --all --format jsonl --consistency-from %d -o all.jsonl
                  breachctl audit verify --public-key audit-public-key.pem all.jsonl --older-checkpoint checkpoint.txt
                """.formatted(
                        checkpoint.origin(),
                        checkpoint.issuedAt(),
                        checkpoint.treeSize(),
                        NoteKeys.fingerprint(key.publicKey()),
                        checkpoint.signedNote(),
                        checkpoint.treeSize());
    }

    private static InternetAddress address(String value, String field) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "breachnotify.audit.checkpoint.mail." + field + " is not a valid mail address: '" + value + "' ("
                            + e.getMessage() + ")",
                    e);
        }
    }
}
