package dev.breachnotify.notifier.bounce;

import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests delivery status notifications: finds the notification of the reported mail by its Message-ID (every
 * mail's Message-ID is {@code <notification id@From domain>}), and records each recipient's failure or delay once,
 * as {@code email.bounced} through the outbox. A permanent failure (action {@code failed}, status 5.x.x) becomes a
 * letter (escalation's bounce listener); a delay (4.x.x) is recorded for information only.
 */
@Singleton
public class BounceReports {

    private static final Logger LOG = LoggerFactory.getLogger(BounceReports.class);
    private static final Pattern NOTIFICATION_ID =
            Pattern.compile("<([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})@[^>]+>");

    private final TransactionOperations<Connection> transactions;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    public BounceReports(
            TransactionOperations<Connection> transactions, OutboxWriter outbox, EventFactory events, Clock clock) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** What was done with a report: its notification, and per recipient what was recorded. */
    public record Ingested(UUID notificationId, String advisoryId, String practiceId, List<Entry> recipients) {}

    /**
     * @param outcome {@code recorded} (a new bounce event), {@code duplicate} (reported before) or
     *                {@code ignored} (a delivered/relayed/expanded notice: nothing to do)
     */
    public record Entry(String recipient, String action, String status, boolean permanent, String outcome) {}

    /** Thrown when the report names no mail this service sent; the message says what it named. */
    public static final class UnknownMailException extends Exception {
        UnknownMailException(String message) {
            super(message);
        }
    }

    /** The mail a notification was sent as, from the delivery records. */
    private record SentMail(UUID notificationId, String advisoryId, String practiceId) {}

    public Ingested ingest(byte[] raw) throws DeliveryStatusParser.MalformedReportException, UnknownMailException {
        DeliveryStatusReport report = DeliveryStatusParser.parse(raw);
        List<UUID> candidates = new ArrayList<>();
        for (String messageId : report.originalMessageIds()) {
            Matcher matcher = NOTIFICATION_ID.matcher(messageId);
            if (matcher.matches()) {
                candidates.add(UUID.fromString(matcher.group(1)));
            }
        }
        if (report.originalMessageIds().isEmpty()) {
            throw new UnknownMailException("the report does not say which mail it is about: no returned message "
                    + "or headers with a Message-ID, and no Original-Message-ID, In-Reply-To or References");
        }
        Optional<SentMail> found = transactions.executeRead(status -> {
            for (UUID candidate : candidates) {
                Optional<SentMail> sent = sentMail(status.getConnection(), candidate);
                if (sent.isPresent()) {
                    return sent;
                }
            }
            return Optional.empty();
        });
        if (found.isEmpty()) {
            throw new UnknownMailException("the report names no mail sent by this service: Message-ID(s) "
                    + String.join(", ", report.originalMessageIds()));
        }
        SentMail mail = found.get();
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Instant now = clock.instant();
            List<Entry> entries = new ArrayList<>();
            List<EventEnvelope<?>> bounced = new ArrayList<>();
            for (DeliveryStatusReport.RecipientStatus recipient : report.recipients()) {
                boolean permanent = recipient.permanentFailure();
                if (!recipient.action().equals("failed") && !recipient.action().equals("delayed")) {
                    entries.add(
                            new Entry(recipient.recipient(), recipient.action(), recipient.status(), false, "ignored"));
                    continue;
                }
                boolean recorded = insert(connection, mail, recipient, permanent, report.reportId(), now);
                entries.add(new Entry(
                        recipient.recipient(),
                        recipient.action(),
                        recipient.status(),
                        permanent,
                        recorded ? "recorded" : "duplicate"));
                if (recorded) {
                    bounced.add(events.wrap(new EmailBounced(
                            mail.notificationId(),
                            mail.advisoryId(),
                            mail.practiceId(),
                            recipient.recipient(),
                            recipient.action(),
                            recipient.status(),
                            recipient.diagnostic(),
                            permanent,
                            report.reportId())));
                    LOG.info(
                            "Delivery status notification for notification {}: {} {}",
                            mail.notificationId(),
                            recipient.action(),
                            recipient.status());
                }
            }
            outbox.append(connection, bounced);
            return new Ingested(mail.notificationId(), mail.advisoryId(), mail.practiceId(), List.copyOf(entries));
        });
    }

    private static Optional<SentMail> sentMail(Connection connection, UUID notificationId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT advisory_id, practice_id "
                + "FROM email_delivery WHERE notification_id = ? AND status = 'SENT'")) {
            select.setObject(1, notificationId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new SentMail(notificationId, row.getString(1), row.getString(2)))
                        : Optional.empty();
            }
        }
    }

    private static boolean insert(
            Connection connection,
            SentMail mail,
            DeliveryStatusReport.RecipientStatus status,
            boolean permanent,
            String reportId,
            Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO email_bounce (notification_id, recipient, action, status, advisory_id, practice_id,
                                          permanent, diagnostic, report_id, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            insert.setObject(1, mail.notificationId());
            insert.setString(2, status.recipient());
            insert.setString(3, status.action());
            insert.setString(4, status.status());
            insert.setString(5, mail.advisoryId());
            insert.setString(6, mail.practiceId());
            insert.setBoolean(7, permanent);
            insert.setString(
                    8,
                    status.diagnostic() == null
                            ? null
                            : status.diagnostic()
                                    .substring(0, Math.min(status.diagnostic().length(), 1000)));
            insert.setString(9, reportId);
            insert.setTimestamp(10, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }
}
