package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FormTokensFactoryTest {

    @Test
    void aConfiguredKeyIsDecodedFromBase64() {
        byte[] key = new byte[48];
        key[0] = 42;

        assertThat(FormTokensFactory.key(Base64.getEncoder().encodeToString(key)))
                .isEqualTo(key);
    }

    @Test
    void withoutAKeyARandomOneIsMadeEachTime() {
        assertThat(FormTokensFactory.key(null))
                .hasSize(FormTokens.MIN_KEY_BYTES)
                .isNotEqualTo(FormTokensFactory.key(""));
    }

    @Test
    void aBadKeyIsRefusedWithoutQuotingIt() {
        String notBase64 = "s3cr3t!not-base64";
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> FormTokensFactory.key(notBase64))
                .isInstanceOf(ConfigurationException.class)
                .message()
                .doesNotContain(notBase64);
        assertThatThrownBy(() -> FormTokensFactory.key(tooShort))
                .isInstanceOf(ConfigurationException.class)
                .message()
                .doesNotContain(tooShort)
                .contains("32 bytes");
    }
}
