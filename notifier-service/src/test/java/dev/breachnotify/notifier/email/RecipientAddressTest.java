package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recipient addresses as they go to the relay: A-label domains (IDNA 2008), SMTPUTF8 only where needed. */
class RecipientAddressTest {

    @Test
    void anInternationalisedDomainGoesAsItsALabel() throws Exception {
        // expected values from Python's codecs (punycode of each label), independent of ICU
        RecipientAddress address = RecipientAddress.parse("info@müller-ärzte.de");

        assertThat(address.address()).isEqualTo("info@xn--mller-rzte-v5a6z.de");
        assertThat(address.needsSmtpUtf8()).isFalse();
        assertThat(address.given()).isEqualTo("info@müller-ärzte.de");
    }

    @Test
    void eszettStaysEszettAsIdna2008Says() throws Exception {
        // IDNA 2003 (java.net.IDN) would map straße.de to strasse.de, a different domain
        assertThat(RecipientAddress.parse("praxis@straße.de").domain()).isEqualTo("xn--strae-oqa.de");
    }

    @Test
    void upperCaseUnicodeDomainsAreMappedToLowerCase() throws Exception {
        assertThat(RecipientAddress.parse("info@MÜLLER-ÄRZTE.DE").domain()).isEqualTo("xn--mller-rzte-v5a6z.de");
        assertThat(RecipientAddress.parse("Info@Example.ORG").address()).isEqualTo("Info@example.org");
    }

    @Test
    void aNonAsciiLocalPartNeedsSmtpUtf8() throws Exception {
        RecipientAddress address = RecipientAddress.parse("dr.müller@praxis.example");

        assertThat(address.needsSmtpUtf8()).isTrue();
        assertThat(address.address()).isEqualTo("dr.müller@praxis.example");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "info@-praxis-.de",
                "info@praxis..de",
                "info@",
                "@praxis.de",
                "kein-at.example.org",
                "mü ller@praxis.de",
                "a..b@praxis.de",
                "info@pra xis.de",
                "info@praxis_de.de"
            })
    void anAddressNoRelayWouldTakeIsUndeliverableAndSaysWhy(String address) {
        assertThatThrownBy(() -> RecipientAddress.parse(address))
                .isInstanceOf(UndeliverableAddressException.class)
                .hasMessageStartingWith("undeliverable address '" + address + "': ");
    }

    @Test
    void aTooLongLocalPartIsUndeliverable() {
        assertThatThrownBy(() -> RecipientAddress.parse("ü".repeat(33) + "@praxis.de"))
                .hasMessageContaining("longer than 64 octets");
    }
}
