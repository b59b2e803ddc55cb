package dev.breachnotify.ack.network;

import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.platform.limit.NetworkPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What is recorded about a submitting client: its user agent, cut to {@value #MAX_USER_AGENT} characters, and
 * the network it came from, never its address: an IPv4 address is reduced to its /24, an IPv6 address to its
 * /48 (an IPv4-mapped IPv6 address counts as IPv4). Enough to tell "the practice's own network" from "somewhere
 * else" in a dispute, too coarse to single out a device.
 */
public final class ClientNetworks {

    /** The longest user agent recorded. */
    public static final int MAX_USER_AGENT = 300;

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ClientNetworks() {}

    /** The client info for a request; either part may be {@code null} when unknown. */
    public static ClientInfo clientInfo(String userAgent, InetAddress address) {
        return new ClientInfo(truncateUserAgent(userAgent), address == null ? null : prefix(address));
    }

    /** The user agent, without control characters, cut to {@value #MAX_USER_AGENT} characters. */
    public static String truncateUserAgent(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String cleaned = CONTROL.matcher(userAgent).replaceAll("").strip();
        if (cleaned.isEmpty()) {
            return null;
        }
        if (cleaned.length() <= MAX_USER_AGENT) {
            return cleaned;
        }
        int end = MAX_USER_AGENT;
        if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return cleaned.substring(0, end);
    }

    /** The network prefix of an address: {@code 192.0.2.0/24} or {@code 2001:db8:ab::/48}. */
    public static String prefix(InetAddress address) {
        return NetworkPrefix.of(address);
    }

    /**
     * Parses an address literal as a proxy header carries it, without ever asking DNS.
     *
     * @return the address, or {@code null} if the text is not an IPv4 or IPv6 literal
     */
    public static InetAddress parseLiteral(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        boolean ipv4 = IPV4_LITERAL.matcher(literal).matches();
        boolean ipv6 = !ipv4
                && literal.indexOf(':') >= 0
                && IPV6_LITERAL.matcher(literal).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        if (ipv4) {
            for (String part : literal.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            // A literal (checked above) is parsed, not resolved.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A CIDR block as PostgreSQL's {@code inet} reads it ({@code 192.0.2.0/24}, {@code 2001:db8::/32}), normalised,
     * or {@code null} if the text is not one: the address must be a literal and the prefix length fit it.
     */
    public static String cidrOrNull(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        InetAddress address = parseLiteral(text.substring(0, slash));
        String bits = text.substring(slash + 1).strip();
        if (address == null || !bits.matches("\\d{1,3}")) {
            return null;
        }
        int length = Integer.parseInt(bits);
        int max = address instanceof Inet4Address ? 32 : 128;
        return length <= max ? address.getHostAddress() + "/" + length : null;
    }
}
