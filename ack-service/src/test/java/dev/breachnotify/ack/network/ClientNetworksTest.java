package dev.breachnotify.ack.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.ClientInfo;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientNetworksTest {

    @Test
    void anIpv4AddressIsReducedToItsSlash24() throws Exception {
        assertThat(ClientNetworks.prefix(InetAddress.getByName("192.0.2.187"))).isEqualTo("192.0.2.0/24");
        assertThat(ClientNetworks.prefix(InetAddress.getByName("10.255.1.1"))).isEqualTo("10.255.1.0/24");
    }

    @Test
    void anIpv6AddressIsReducedToItsSlash48() throws Exception {
        assertThat(ClientNetworks.prefix(InetAddress.getByName("2001:db8:abcd:12:3456:789a:bcde:f012")))
                .isEqualTo("2001:db8:abcd::/48");
        assertThat(ClientNetworks.prefix(InetAddress.getByName("2a02:0810:0b00::1")))
                .isEqualTo("2a02:810:b00::/48");
        assertThat(ClientNetworks.prefix(InetAddress.getByName("::1"))).isEqualTo("0:0:0::/48");
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsIpv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 203;
        mapped[13] = 0;
        mapped[14] = 113;
        mapped[15] = 9;
        // Inet6Address.getByAddress keeps the IPv6 form, as a dual-stack socket may report it.
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(asIpv6).isInstanceOf(Inet6Address.class);
        assertThat(ClientNetworks.prefix(asIpv6)).isEqualTo("203.0.113.0/24");
        assertThat(ClientNetworks.prefix(InetAddress.getByName("::ffff:203.0.113.9")))
                .isEqualTo("203.0.113.0/24");
    }

    @Test
    void theFullAddressIsNeverRecorded() throws Exception {
        ClientInfo info = ClientNetworks.clientInfo("Mozilla/5.0", InetAddress.getByName("198.51.100.77"));

        assertThat(info.network()).isEqualTo("198.51.100.0/24").doesNotContain("77");
        assertThat(info.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(ClientNetworks.clientInfo(null, null)).isEqualTo(new ClientInfo(null, null));
    }

    @Test
    void theUserAgentIsCutTo300CharactersWithoutSplittingACharacter() {
        String longAgent = "A".repeat(299) + "\uD83D\uDE00" + "B".repeat(50);

        assertThat(ClientNetworks.truncateUserAgent("x".repeat(500))).hasSize(300);
        assertThat(ClientNetworks.truncateUserAgent(longAgent)).isEqualTo("A".repeat(299));
        assertThat(ClientNetworks.truncateUserAgent("ok\u0000\u001b[31m")).isEqualTo("ok[31m");
        assertThat(ClientNetworks.truncateUserAgent("  ")).isNull();
    }

    @Test
    void proxyHeaderLiteralsAreParsedWithoutResolvingNames() {
        assertThat(ClientNetworks.parseLiteral("192.0.2.1")).isNotNull();
        assertThat(ClientNetworks.parseLiteral(" [2001:db8::1] ")).isNotNull();
        assertThat(ClientNetworks.parseLiteral("::ffff:192.0.2.1")).isNotNull();
        assertThat(ClientNetworks.parseLiteral("example.org")).isNull();
        assertThat(ClientNetworks.parseLiteral("localhost")).isNull();
        assertThat(ClientNetworks.parseLiteral("300.1.1.1")).isNull();
        assertThat(ClientNetworks.parseLiteral("unknown")).isNull();
        assertThat(ClientNetworks.parseLiteral(null)).isNull();
    }
}
