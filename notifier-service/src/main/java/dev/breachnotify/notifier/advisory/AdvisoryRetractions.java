package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.notifier.lifecycle.AdvisoryLifecycle;
import dev.breachnotify.notifier.lifecycle.PrintedBatches;
import dev.breachnotify.notifier.lifecycle.Transition;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Withdraws a published advisory: the withdrawal is recorded once, beside the immutable advisory, and published as
 * {@code advisory.retracted} through the outbox in the same transaction. The transition waits for every outbound
 * path that is sending for the advisory at that moment (a mail batch, a print batch being handed over) and names
 * the print batches that were already handed to the printer. ack-service then shows the advisory's
 * links and codes as withdrawn and accepts no confirmation for it.
 */
@Singleton
public class AdvisoryRetractions {

    static final int MAX_REASON = 500;

    private final TransactionOperations<Connection> transactions;
    private final AdvisoryStore advisories;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;
    private final AdvisoryLifecycle lifecycle;
    private final PrintedBatches printed;

    public AdvisoryRetractions(
            TransactionOperations<Connection> transactions,
            AdvisoryStore advisories,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock,
            AdvisoryLifecycle lifecycle,
            PrintedBatches printed) {
        this.lifecycle = lifecycle;
        this.printed = printed;
        this.transactions = transactions;
        this.advisories = advisories;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** A request to withdraw: the reason shown to practices, and the advisory that replaces it, if any. */
    public record Retraction(String reason, String supersededBy) {}

    public AdvisoryRetracted retract(String advisoryId, Retraction request, String user) {
        String reason = request == null || request.reason() == null
                ? ""
                : request.reason().strip();
        String supersededBy = request == null
                        || request.supersededBy() == null
                        || request.supersededBy().isBlank()
                ? null
                : request.supersededBy().strip();
        List<String> problems = new ArrayList<>();
        if (reason.isEmpty()) {
            problems.add("reason: required; it is shown to the practices on the withdrawn advisory's page");
        } else if (reason.length() > MAX_REASON) {
            problems.add("reason: at most " + MAX_REASON + " characters, not " + reason.length());
        } else if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            problems.add("reason: control characters are not allowed");
        }
        if (advisoryId.equals(supersededBy)) {
            problems.add("supersededBy: an advisory cannot replace itself");
        }
        if (!problems.isEmpty()) {
            throw new AdvisoryException(HttpStatus.UNPROCESSABLE_ENTITY, "the advisory cannot be withdrawn", problems);
        }
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            advisories
                    .find(connection, advisoryId, false)
                    .orElseThrow(() -> new AdvisoryException(HttpStatus.NOT_FOUND, "no advisory " + advisoryId));
            // waits until no path is sending for the advisory, then holds its state until this commits
            lifecycle.begin(connection, advisoryId, Transition.WITHDRAW);
            if (supersededBy != null
                    && advisories.find(connection, supersededBy, false).isEmpty()) {
                throw new AdvisoryException(
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "the advisory cannot be withdrawn",
                        List.of("supersededBy: no advisory " + supersededBy));
            }
            Instant now = clock.instant();
            if (!insert(connection, advisoryId, reason, supersededBy, user, now)) {
                throw new AdvisoryException(HttpStatus.CONFLICT, "advisory " + advisoryId + " is already withdrawn");
            }
            AdvisoryRetracted event = new AdvisoryRetracted(
                    advisoryId, reason, supersededBy, user, now, printed.handedOver(connection, advisoryId));
            outbox.append(connection, List.of(events.wrap(event)));
            return event;
        });
    }

    private static boolean insert(
            Connection connection, String advisoryId, String reason, String supersededBy, String user, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO advisory_retraction (advisory_id, reason, superseded_by, retracted_by, retracted_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (advisory_id) DO NOTHING""")) {
            insert.setString(1, advisoryId);
            insert.setString(2, reason);
            insert.setString(3, supersededBy);
            insert.setString(4, user);
            insert.setObject(5, now.atOffset(ZoneOffset.UTC));
            return insert.executeUpdate() == 1;
        }
    }
}
