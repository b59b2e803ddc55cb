package dev.breachnotify.notifier.email;

import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs mails with DKIM (RFC 6376; rsa-sha256, relaxed/relaxed) when a key is configured, so that receiving
 * servers can check that the advisory really comes from the vendor's domain. Without a key mails go unsigned.
 */
@Singleton
public class DkimSigning {

    private static final Logger LOG = LoggerFactory.getLogger(DkimSigning.class);

    private final DkimSigner signer;

    public DkimSigning(DkimSettings settings, SmtpSettings smtp) {
        if (!settings.enabled()) {
            LOG.info("DKIM signing is off (no breachnotify.notifier.dkim.private-key)");
            this.signer = null;
            return;
        }
        String domain = settings.getDomain() != null && !settings.getDomain().isBlank() ? settings.getDomain()
                : smtp.fromDomain();
        try {
            DkimSigner dkim = new DkimSigner(domain, settings.getSelector(), parse(settings.getPrivateKey()));
            dkim.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            dkim.setHeaderCanonicalization(Canonicalization.RELAXED);
            dkim.setBodyCanonicalization(Canonicalization.RELAXED);
            dkim.setCheckDomainKey(false);
            this.signer = dkim;
        } catch (Exception e) {
            throw new IllegalArgumentException("breachnotify.notifier.dkim: cannot use the key: " + e.getMessage());
        }
        LOG.info("DKIM signing on: d={} s={}", domain, settings.getSelector());
    }

    /** The message to send: signed when DKIM is on, else the message itself. */
    MimeMessage sign(MimeMessage message) throws MessagingException {
        return signer == null ? message : new DkimMessage(message, signer);
    }

    private static RSAPrivateKey parse(String key) throws GeneralSecurityException {
        String base64 = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
