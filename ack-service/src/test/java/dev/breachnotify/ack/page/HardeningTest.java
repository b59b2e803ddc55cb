package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.network.ClientNetworks;
import org.junit.jupiter.api.Test;

class HardeningTest {

    @Test
    void cookiesAreHttpOnlyStrictAndSecureBehindTls() {
        assertThat(SecurityHeadersFilter.harden("lang=en; Path=/; SameSite=Lax", true))
                .isEqualTo("lang=en; Path=/; HttpOnly; SameSite=Strict; Secure");
        assertThat(SecurityHeadersFilter.harden("lang=en; Secure", false))
                .isEqualTo("lang=en; HttpOnly; SameSite=Strict");
    }

    @Test
    void scannerNetworksAreCidrBlocksOrNothing() {
        assertThat(ClientNetworks.cidrOrNull("192.0.2.0/24")).isEqualTo("192.0.2.0/24");
        assertThat(ClientNetworks.cidrOrNull("2001:db8:ab::/48")).isEqualTo("2001:db8:ab:0:0:0:0:0/48");
        assertThat(ClientNetworks.cidrOrNull("192.0.2.0/33")).isNull();
        assertThat(ClientNetworks.cidrOrNull("999.0.2.0/24")).isNull();
        assertThat(ClientNetworks.cidrOrNull("scanner.example/24")).isNull();
        assertThat(ClientNetworks.cidrOrNull("192.0.2.0")).isNull();
        assertThat(ClientNetworks.cidrOrNull(null)).isNull();
    }
}
