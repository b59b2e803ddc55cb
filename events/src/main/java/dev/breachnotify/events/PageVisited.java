package dev.breachnotify.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone reached the acknowledgement page of a valid code: the audit trail of an access, written by ack-service.
 * It changes nothing about the acknowledgement itself (a GET is read-only); it records that the page was opened
 * or submitted, when, and from which coarse network.
 *
 * @param visitId   unique per request
 * @param method    {@code GET} (the page was shown) or {@code POST} (the form was submitted)
 * @param visitedAt when the request arrived
 * @param client    user agent and IPv4 /24 or IPv6 /48 network, never the full address
 */
public record PageVisited(
        UUID visitId, String advisoryId, String practiceId, String method, Instant visitedAt, ClientInfo client)
        implements EventPayload {}
