package dev.breachnotify.events;

/**
 * What is recorded about the client that submitted: its user agent and a coarse network (an IPv4 /24 or
 * IPv6 /48 prefix), never the full address.
 */
public record ClientInfo(String userAgent, String network) {}
