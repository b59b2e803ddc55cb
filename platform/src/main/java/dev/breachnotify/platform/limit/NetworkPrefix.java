package dev.breachnotify.platform.limit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The network a client address belongs to, as limits and records count it: an IPv4 address's /24, an IPv6
 * address's /48 (an IPv4-mapped IPv6 address counts as IPv4). One attacker rarely holds more than one such
 * network; a practice's devices share one.
 */
public final class NetworkPrefix {

    private NetworkPrefix() {}

    /** {@code 192.0.2.0/24} or {@code 2001:db8:ab::/48}; {@code null} for {@code null}. */
    public static String of(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return ipv4Prefix(bytes[12], bytes[13], bytes[14]);
        }
        if (address instanceof Inet4Address) {
            return ipv4Prefix(bytes[0], bytes[1], bytes[2]);
        }
        StringBuilder prefix = new StringBuilder();
        for (int group = 0; group < 3; group++) {
            int value = ((bytes[2 * group] & 0xFF) << 8) | (bytes[2 * group + 1] & 0xFF);
            prefix.append(Integer.toHexString(value)).append(':');
        }
        return prefix.append(":/48").toString();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static String ipv4Prefix(byte a, byte b, byte c) {
        return (a & 0xFF) + "." + (b & 0xFF) + "." + (c & 0xFF) + ".0/24";
    }
}
