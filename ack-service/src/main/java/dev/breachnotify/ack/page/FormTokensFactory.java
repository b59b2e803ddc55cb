package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the {@link FormTokens} from {@code breachnotify.ack.form-key}, or from a random key if it is not set. */
@Factory
class FormTokensFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FormTokensFactory.class);

    @Singleton
    FormTokens formTokens(AckSettings settings, Clock clock) {
        return new FormTokens(key(settings.getFormKey()), settings.getFormTokenValidity(), clock);
    }

    static byte[] key(String configured) {
        if (configured == null || configured.isBlank()) {
            byte[] key = new byte[FormTokens.MIN_KEY_BYTES];
            new SecureRandom().nextBytes(key);
            LOG.warn("breachnotify.ack.form-key is not set: using a random key made at start-up. Forms opened "
                    + "before a restart, or served by another instance, will be refused; set the key in production.");
            return key;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            // Never the value in the message: it is a secret, even when malformed.
            throw new ConfigurationException("breachnotify.ack.form-key is not valid base64");
        }
        if (key.length < FormTokens.MIN_KEY_BYTES) {
            throw new ConfigurationException("breachnotify.ack.form-key must decode to at least "
                    + FormTokens.MIN_KEY_BYTES + " bytes (it has " + key.length + ")");
        }
        return key;
    }
}
