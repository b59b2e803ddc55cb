package dev.breachnotify.notifier.email;

import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs mails with DKIM ({@link DkimSigner}: relaxed/relaxed, rsa-sha256 with a key of at least 2048 bits, and
 * ed25519-sha256 beside it when that key is set) when a key is configured, so that receiving servers can check
 * that the advisory really comes from the vendor's domain. Without a key mails go unsigned. A key that cannot be
 * used stops the start with a message naming the setting.
 */
@Singleton
public class DkimSigning {

    private static final Logger LOG = LoggerFactory.getLogger(DkimSigning.class);

    private final DkimSigner signer;
    private final Clock clock;

    public DkimSigning(DkimSettings settings, SmtpSettings smtp, Clock clock) {
        this.clock = clock;
        if (!settings.enabled()) {
            LOG.info("DKIM signing is off (no breachnotify.notifier.dkim.private-key)");
            this.signer = null;
            return;
        }
        String domain = settings.getDomain() != null && !settings.getDomain().isBlank()
                ? settings.getDomain()
                : smtp.fromDomain();
        List<DkimKey> keys = new ArrayList<>();
        keys.add(DkimKey.parse(
                "breachnotify.notifier.dkim.private-key",
                settings.getSelector(),
                DkimKey.Algorithm.RSA_SHA256,
                settings.getPrivateKey()));
        if (settings.ed25519()) {
            keys.add(DkimKey.parse(
                    "breachnotify.notifier.dkim.ed25519-private-key",
                    settings.getEd25519Selector(),
                    DkimKey.Algorithm.ED25519_SHA256,
                    settings.getEd25519PrivateKey()));
        }
        this.signer = new DkimSigner(RecipientAddress.aLabel(domain), keys);
        LOG.info(
                "DKIM signing on: d={} {}",
                signer.domain(),
                keys.stream()
                        .map(key ->
                                "s=" + key.selector() + " (" + key.algorithm().tag() + ")")
                        .toList());
    }

    boolean enabled() {
        return signer != null;
    }

    /** The message to send: signed when DKIM is on, else the message itself. */
    MimeMessage sign(Session session, MimeMessage message) throws MessagingException {
        if (signer == null) {
            return message;
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream(8192);
        try {
            message.writeTo(written);
        } catch (IOException e) {
            throw new MessagingException("cannot write the message to sign it", e);
        }
        return new SignedMessage(session, message, signer.sign(written.toByteArray(), clock.instant()));
    }

    /**
     * A message sent as exactly the signed bytes: its headers (recipients, sender) are the original's, its
     * {@code writeTo} writes the bytes the signature covers, whatever the transport would otherwise rewrite.
     */
    static final class SignedMessage extends MimeMessage {

        private final byte[] bytes;

        SignedMessage(Session session, MimeMessage original, byte[] bytes) throws MessagingException {
            super(session);
            Enumeration<String> lines = original.getAllHeaderLines();
            while (lines.hasMoreElements()) {
                addHeaderLine(lines.nextElement());
            }
            this.bytes = bytes;
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            out.write(bytes);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }

        @Override
        public void saveChanges() {
            // the bytes are final: nothing to update
        }
    }
}
