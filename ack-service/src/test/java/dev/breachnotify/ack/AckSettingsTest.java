package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AckSettingsTest {

    @Test
    void theDefaultsAreThoseDocumented() {
        AckSettings settings = new AckSettings();

        assertThat(settings.getFormKey()).isNull();
        assertThat(settings.getFormTokenValidity()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.getTimeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(settings.getClientAddressHeader()).isNull();
    }

    @Test
    void theValuesOfApplicationYmlConvert() {
        assertThat(ConversionService.SHARED.convert("24h", Duration.class)).contains(Duration.ofHours(24));
        assertThat(ConversionService.SHARED.convert("Europe/Berlin", ZoneId.class))
                .contains(ZoneId.of("Europe/Berlin"));
    }
}
