package dev.breachnotify.ack.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.breachnotify.ack.network.ClientNetworks;
import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.AdvisoryRetracted;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailBounced;
import dev.breachnotify.events.EmailDeferred;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.PartnerUpdated;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PracticeUpdated;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events into the service's projections. Every write is idempotent: an event is applied at most once
 * (its id is recorded in {@code processed_event} in the same transaction), and the rows where "the latest
 * wins" are upserts that only move forward, so the order in which the topics are read does not matter.
 *
 * <p>Both the Kafka listener and the submit path (which applies its own events at once, so that the practice
 * sees its confirmation without waiting for the listener) write through here.
 */
@Singleton
public class ProjectionStore {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionStore.class);
    private static final Pattern CODE_HASH = Pattern.compile("[0-9a-f]{64}");

    private final TransactionOperations<Connection> transactions;

    public ProjectionStore(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /**
     * Applies the events in order, in one transaction.
     *
     * @return how many were new (the others had been applied before)
     * @throws ProjectionException if the database failed; nothing of the batch is applied then
     */
    public int apply(Collection<? extends EventEnvelope<? extends EventPayload>> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                lockPractices(connection, events);
                return applyOnce(connection, events);
            });
        } catch (ProjectionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProjectionException("could not update the projections", e);
        }
    }

    private static void lockPractices(
            Connection connection, Collection<? extends EventEnvelope<? extends EventPayload>> events) {
        try {
            PracticeLocks.lock(connection, events);
        } catch (SQLException e) {
            throw new ProjectionException(
                    "could not lock the practices of the events (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** Applies the events not applied before, in order; returns how many those were. */
    private static int applyOnce(
            Connection connection, Collection<? extends EventEnvelope<? extends EventPayload>> events) {
        List<EventEnvelope<? extends EventPayload>> projected = new ArrayList<>(events.size());
        for (EventEnvelope<? extends EventPayload> event : events) {
            // The access log of the pages: nothing here reads it (the audit service keeps it).
            if (!(event.payload() instanceof PageVisited)) {
                projected.add(event);
            }
        }
        EventEnvelope<? extends EventPayload> current = null;
        try (StatementBatches writes = new StatementBatches(connection)) {
            Set<UUID> fresh = markProcessed(connection, projected);
            int applied = 0;
            for (EventEnvelope<? extends EventPayload> event : projected) {
                current = event;
                String problem = Checks.problemOf(event.payload());
                if (problem != null) {
                    // Retrying cannot repair an event; it is recorded as processed so that it is not retried.
                    LOG.warn("Skipping event {} ({}): {}", event.eventId(), event.type(), problem);
                }
                if (!fresh.remove(event.eventId())) {
                    continue; // applied before, or earlier in this batch
                }
                applied++;
                if (problem == null) {
                    write(writes, event);
                }
            }
            current = null;
            return applied;
        } catch (SQLException e) {
            // a batched write fails when it is sent, which may be after the event that made it
            throw new ProjectionException(
                    "could not apply "
                            + (current == null
                                    ? projected.size() + " event(s)"
                                    : current.type() + " " + current.eventId())
                            + " (SQLState " + e.getSQLState() + ")",
                    e);
        }
    }

    /** Records the events as processed, in one statement; returns the ids that were not recorded before. */
    private static Set<UUID> markProcessed(Connection connection, List<EventEnvelope<? extends EventPayload>> events)
            throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        if (events.isEmpty()) {
            return fresh;
        }
        UUID[] ids = events.stream().map(EventEnvelope::eventId).distinct().toArray(UUID[]::new);
        Array array = connection.createArrayOf("uuid", ids);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO processed_event (event_id) "
                + "SELECT unnest(?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            insert.setArray(1, array);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
        } finally {
            array.free();
        }
        return fresh;
    }

    private static void write(StatementBatches writes, EventEnvelope<? extends EventPayload> event)
            throws SQLException {
        EventPayload payload = event.payload();
        if (payload instanceof PracticeRegistered registered) {
            practice(writes, registered.practice(), event.occurredAt());
        } else if (payload instanceof PracticeUpdated updated) {
            practice(writes, updated.practice(), event.occurredAt());
        } else if (payload instanceof AdvisoryPublished advisory) {
            advisory(writes, advisory, event.occurredAt());
        } else if (payload instanceof AdvisoryRetracted retracted) {
            retraction(writes, retracted, event.occurredAt());
        } else if (payload instanceof NotificationRequested notification) {
            notification(writes, notification, event.occurredAt());
        } else if (payload instanceof PartnerRegistered registered) {
            partner(writes, registered.partner(), event.occurredAt());
        } else if (payload instanceof PartnerUpdated updated) {
            partner(writes, updated.partner(), event.occurredAt());
        } else if (payload instanceof PartnerNotificationRequested notification) {
            partnerNotification(writes, notification, event.occurredAt());
        } else if (payload instanceof PartnerResponsibilityDeclined declined) {
            decline(writes, declined);
        } else if (isPartnerMail(payload)) {
            return; // a partner's mail: the progress counts practices' mails only
        } else if (payload instanceof EmailSent sent) {
            delivery(
                    writes,
                    sent.notificationId(),
                    sent.advisoryId(),
                    sent.practiceId(),
                    "SENT",
                    sent.attempt(),
                    false,
                    event.occurredAt());
        } else if (payload instanceof EmailDeferred deferred) {
            delivery(
                    writes,
                    deferred.notificationId(),
                    deferred.advisoryId(),
                    deferred.practiceId(),
                    "DEFERRED",
                    deferred.attempt(),
                    false,
                    event.occurredAt());
        } else if (payload instanceof EmailFailed failed) {
            delivery(
                    writes,
                    failed.notificationId(),
                    failed.advisoryId(),
                    failed.practiceId(),
                    "FAILED",
                    failed.attempt(),
                    failed.permanent(),
                    event.occurredAt());
        } else if (payload instanceof EmailBounced bounced && bounced.permanent()) {
            bounce(writes, bounced, event.occurredAt());
        } else if (payload instanceof AcknowledgementRecorded acknowledgement) {
            acknowledgement(writes, acknowledgement);
        } else if (payload instanceof CredentialRotationConfirmed confirmation) {
            confirmation(writes, confirmation);
        }
    }

    /** Delivery events of a partner's mail carry no practice. */
    private static boolean isPartnerMail(EventPayload payload) {
        return (payload instanceof EmailSent
                        || payload instanceof EmailDeferred
                        || payload instanceof EmailFailed
                        || payload instanceof EmailBounced)
                && payload.practiceId() == null;
    }

    private static void practice(StatementBatches writes, Practice practice, Instant changedAt) throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO practice (practice_id, name, language, changed_at, contact_person, attributes, contacts,
                                      partners)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)
                ON CONFLICT (practice_id) DO UPDATE
                   SET name = EXCLUDED.name, language = EXCLUDED.language, changed_at = EXCLUDED.changed_at,
                       contact_person = EXCLUDED.contact_person, attributes = EXCLUDED.attributes,
                       contacts = EXCLUDED.contacts, partners = EXCLUDED.partners
                 WHERE practice.changed_at <= EXCLUDED.changed_at""");
        upsert.setString(1, practice.practiceId());
        upsert.setString(2, practice.name() == null ? "" : practice.name());
        upsert.setString(3, language(practice.language()));
        upsert.setObject(4, utc(changedAt));
        upsert.setString(
                5,
                practice.contactPerson() == null || practice.contactPerson().isBlank()
                        ? null
                        : practice.contactPerson());
        try {
            upsert.setString(6, EventJson.mapper().writeValueAsString(new TreeMap<>(practice.attributes())));
            upsert.setString(7, EventJson.mapper().writeValueAsString(practice.contacts()));
            upsert.setString(8, EventJson.mapper().writeValueAsString(practice.partners()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the directory entry of " + practice.practiceId(), e);
        }
        writes.add();
    }

    private static void partner(StatementBatches writes, Partner partner, Instant changedAt) throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO partner (partner_id, name, language, changed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (partner_id) DO UPDATE
                   SET name = EXCLUDED.name, language = EXCLUDED.language, changed_at = EXCLUDED.changed_at
                 WHERE partner.changed_at <= EXCLUDED.changed_at""");
        upsert.setString(1, partner.partnerId());
        upsert.setString(2, partner.name() == null ? "" : partner.name());
        upsert.setString(3, language(partner.language()));
        upsert.setObject(4, utc(changedAt));
        writes.add();
    }

    /**
     * A partner's mail: its code (the longest validity wins, as for practices' codes) and, for the initial mail,
     * the partner's practices and credentials, in one statement.
     */
    private static void partnerNotification(
            StatementBatches writes, PartnerNotificationRequested notification, Instant occurredAt)
            throws SQLException {
        String codeHash = codeHash(notification.codeHash());
        PreparedStatement insert = writes.next("""
                WITH requested (notification_id, advisory_id, partner_id, step, practices, requested_at) AS (
                    VALUES (?::uuid, ?, ?, ?, ?::jsonb, ?::timestamptz)),
                notified AS (
                    INSERT INTO partner_notification (notification_id, advisory_id, partner_id, step, practices,
                                                      requested_at)
                    SELECT notification_id, advisory_id, partner_id, step, jsonb_array_length(practices),
                           requested_at FROM requested
                    ON CONFLICT (notification_id) DO NOTHING),
                listed AS (
                    INSERT INTO partner_practice (advisory_id, partner_id, practice_id, credential_ids)
                    SELECT r.advisory_id, r.partner_id, p.practice_id,
                           ARRAY(SELECT jsonb_array_elements_text(p.credential_ids))
                      FROM requested r, jsonb_to_recordset(r.practices) AS p(practice_id TEXT, credential_ids JSONB)
                     WHERE r.step = 'initial' AND p.practice_id IS NOT NULL
                    ON CONFLICT (advisory_id, partner_id, practice_id) DO NOTHING)
                INSERT INTO partner_access_code (code_hash, advisory_id, partner_id, language, expires_at)
                SELECT ?, advisory_id, partner_id, ?, ?::timestamptz FROM requested WHERE ?::text IS NOT NULL
                ON CONFLICT (code_hash) DO UPDATE
                   SET expires_at = CASE WHEN partner_access_code.expires_at IS NULL OR EXCLUDED.expires_at IS NULL
                                         THEN NULL
                                         ELSE GREATEST(partner_access_code.expires_at, EXCLUDED.expires_at) END
                 WHERE partner_access_code.advisory_id = EXCLUDED.advisory_id
                   AND partner_access_code.partner_id = EXCLUDED.partner_id""");
        insert.setObject(1, notification.notificationId());
        insert.setString(2, notification.advisoryId());
        insert.setString(3, notification.partnerId());
        insert.setString(4, notification.step() == null ? "initial" : notification.step());
        insert.setString(5, practicesJson(notification.practices()));
        insert.setObject(6, utc(occurredAt));
        insert.setString(7, codeHash);
        insert.setString(8, notification.language() == null ? null : language(notification.language()));
        setTimestamp(insert, 9, notification.codeExpiresAt());
        insert.setString(10, codeHash);
        writes.add();
    }

    private static String practicesJson(List<PartnerPractice> practices) {
        StringBuilder json = new StringBuilder(practices.size() * 48).append('[');
        try {
            for (PartnerPractice practice : practices) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"practice_id\":")
                        .append(EventJson.mapper().writeValueAsString(practice.practiceId()))
                        .append(",\"credential_ids\":")
                        .append(EventJson.mapper().writeValueAsString(practice.credentialIds()))
                        .append('}');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a partner's practices", e);
        }
        return json.append(']').toString();
    }

    /** The latest statement of a partner about a practice's credential wins. */
    private static void decline(StatementBatches writes, PartnerResponsibilityDeclined declined) throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO partner_decline (advisory_id, practice_id, credential_id, partner_id, submission_id,
                                             confirmed_by, submitted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (advisory_id, practice_id, credential_id, partner_id) DO UPDATE
                   SET submission_id = EXCLUDED.submission_id, confirmed_by = EXCLUDED.confirmed_by,
                       submitted_at = EXCLUDED.submitted_at
                 WHERE (partner_decline.submitted_at, partner_decline.submission_id)
                     < (EXCLUDED.submitted_at, EXCLUDED.submission_id)""");
        upsert.setString(1, declined.advisoryId());
        upsert.setString(2, declined.practiceId());
        upsert.setString(3, declined.credentialId());
        upsert.setString(4, declined.partnerId());
        upsert.setObject(5, declined.submissionId());
        upsert.setString(6, declined.confirmedBy());
        upsert.setObject(7, utc(declined.submittedAt()));
        writes.add();
    }

    private static void advisory(StatementBatches writes, AdvisoryPublished advisory, Instant occurredAt)
            throws SQLException {
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(advisory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise advisory " + advisory.advisoryId(), e);
        }
        // A published advisory is immutable: a second copy changes nothing.
        PreparedStatement insert = writes.next("""
                INSERT INTO advisory (advisory_id, content, deadline, published_at) VALUES (?, ?::jsonb, ?, ?)
                ON CONFLICT (advisory_id) DO NOTHING""");
        insert.setString(1, advisory.advisoryId());
        insert.setString(2, json);
        setDate(insert, 3, advisory.deadline());
        insert.setObject(4, utc(advisory.publishedAt() != null ? advisory.publishedAt() : occurredAt));
        writes.add();
    }

    /** The first withdrawal counts; it arrives after its advisory (same key, same partition). */
    private static void retraction(StatementBatches writes, AdvisoryRetracted retracted, Instant occurredAt)
            throws SQLException {
        PreparedStatement update =
                writes.next("UPDATE advisory SET retracted_at = ?, retraction_reason = ?, superseded_by = ? "
                        + "WHERE advisory_id = ? AND retracted_at IS NULL");
        update.setObject(1, utc(retracted.retractedAt() != null ? retracted.retractedAt() : occurredAt));
        update.setString(2, retracted.reason());
        update.setString(3, retracted.supersededBy());
        update.setString(4, retracted.advisoryId());
        writes.add();
    }

    /**
     * A notification and, if it carries one, its code's hash, in one statement (two data-modifying parts of one
     * {@code WITH}): consecutive notifications are then one JDBC batch, where two alternating statements were a
     * round trip each.
     */
    private static void notification(StatementBatches writes, NotificationRequested notification, Instant occurredAt)
            throws SQLException {
        String codeHash = codeHash(notification.codeHash());
        if (codeHash == null) {
            if (notification.codeHash() != null) {
                LOG.warn(
                        "Notification {} carries a malformed code hash; its code will not be accepted",
                        notification.notificationId());
            }
            PreparedStatement insert = writes.next("""
                    INSERT INTO notification (notification_id, advisory_id, practice_id, channel, step, requested_at,
                                              contact_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING""");
            setNotification(insert, notification, occurredAt);
            insert.setString(7, notification.contactId());
            writes.add();
            return;
        }
        // One code may be sent several times (email, letter, reminder): the longest validity wins, NULL
        // meaning "does not expire". A hash never moves to another practice or advisory.
        PreparedStatement insert = writes.next("""
                WITH requested (notification_id, advisory_id, practice_id, channel, step, requested_at, code_hash,
                                language, expires_at, contact_id) AS (
                    VALUES (?::uuid, ?, ?, ?, ?, ?::timestamptz, ?, ?, ?::timestamptz, ?)),
                notified AS (
                    INSERT INTO notification (notification_id, advisory_id, practice_id, channel, step, requested_at,
                                              contact_id)
                    SELECT notification_id, advisory_id, practice_id, channel, step, requested_at, contact_id
                      FROM requested
                    ON CONFLICT (notification_id) DO NOTHING)
                INSERT INTO access_code (code_hash, advisory_id, practice_id, language, expires_at, contact_id)
                SELECT code_hash, advisory_id, practice_id, language, expires_at, contact_id FROM requested
                ON CONFLICT (code_hash) DO UPDATE
                   SET expires_at = CASE WHEN access_code.expires_at IS NULL OR EXCLUDED.expires_at IS NULL
                                         THEN NULL
                                         ELSE GREATEST(access_code.expires_at, EXCLUDED.expires_at) END,
                       language = COALESCE(EXCLUDED.language, access_code.language)
                 WHERE access_code.advisory_id = EXCLUDED.advisory_id
                   AND access_code.practice_id = EXCLUDED.practice_id""");
        setNotification(insert, notification, occurredAt);
        insert.setString(7, codeHash);
        insert.setString(8, notification.language() == null ? null : language(notification.language()));
        setTimestamp(insert, 9, notification.codeExpiresAt());
        insert.setString(10, notification.contactId());
        writes.add();
    }

    private static void setNotification(
            PreparedStatement statement, NotificationRequested notification, Instant occurredAt) throws SQLException {
        statement.setObject(1, notification.notificationId());
        statement.setString(2, notification.advisoryId());
        statement.setString(3, notification.practiceId());
        statement.setString(
                4,
                notification.channel() == null
                        ? "EMAIL"
                        : notification.channel().name());
        statement.setString(5, notification.step());
        statement.setObject(6, utc(occurredAt));
    }

    private static void delivery(
            StatementBatches writes,
            UUID notificationId,
            String advisoryId,
            String practiceId,
            String status,
            int attempt,
            boolean permanent,
            Instant occurredAt)
            throws SQLException {
        // A final state (SENT, FAILED) beats DEFERRED; between two of the same kind, the later attempt wins; a
        // permanent failure (a 5xx, or a bounce reported later) stays.
        PreparedStatement upsert = writes.next("""
                INSERT INTO email_delivery (notification_id, advisory_id, practice_id, status, attempt, updated_at,
                                            permanent)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (notification_id) DO UPDATE
                   SET status = EXCLUDED.status, attempt = EXCLUDED.attempt, updated_at = EXCLUDED.updated_at,
                       permanent = EXCLUDED.permanent
                 WHERE NOT email_delivery.permanent
                   AND (CASE WHEN email_delivery.status = 'DEFERRED' THEN 0 ELSE 1 END, email_delivery.attempt)
                     < (CASE WHEN EXCLUDED.status = 'DEFERRED' THEN 0 ELSE 1 END, EXCLUDED.attempt)""");
        upsert.setObject(1, notificationId);
        upsert.setString(2, advisoryId);
        upsert.setString(3, practiceId);
        upsert.setString(4, status);
        upsert.setInt(5, attempt);
        upsert.setObject(6, utc(occurredAt));
        upsert.setBoolean(7, permanent);
        writes.add();
    }

    /**
     * A delivery status notification reported a mail the relay had accepted as failed for good: it counts as a
     * permanent failure, whatever was recorded before (a reported delay is not projected).
     */
    private static void bounce(StatementBatches writes, EmailBounced bounced, Instant occurredAt) throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO email_delivery (notification_id, advisory_id, practice_id, status, attempt, updated_at,
                                            permanent)
                VALUES (?, ?, ?, 'FAILED', 0, ?, TRUE)
                ON CONFLICT (notification_id) DO UPDATE
                   SET status = 'FAILED', updated_at = EXCLUDED.updated_at, permanent = TRUE""");
        upsert.setObject(1, bounced.notificationId());
        upsert.setString(2, bounced.advisoryId());
        upsert.setString(3, bounced.practiceId());
        upsert.setObject(4, utc(occurredAt));
        writes.add();
    }

    private static void acknowledgement(StatementBatches writes, AcknowledgementRecorded ack) throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO acknowledgement (advisory_id, practice_id, submission_id, confirmed_by, submitted_at,
                                             client_network, contact_id)
                VALUES (?, ?, ?, ?, ?, ?::inet, ?)
                ON CONFLICT (advisory_id, practice_id) DO UPDATE
                   SET submission_id = EXCLUDED.submission_id, confirmed_by = EXCLUDED.confirmed_by,
                       submitted_at = EXCLUDED.submitted_at, client_network = EXCLUDED.client_network,
                       contact_id = EXCLUDED.contact_id
                 WHERE (acknowledgement.submitted_at, acknowledgement.submission_id)
                     < (EXCLUDED.submitted_at, EXCLUDED.submission_id)""");
        upsert.setString(1, ack.advisoryId());
        upsert.setString(2, ack.practiceId());
        upsert.setObject(3, ack.submissionId());
        upsert.setString(4, ack.confirmedBy());
        upsert.setObject(5, utc(ack.submittedAt()));
        upsert.setString(
                6,
                ack.client() == null
                        ? null
                        : ClientNetworks.cidrOrNull(ack.client().network()));
        upsert.setString(7, ack.contactId());
        writes.add();
        if (ack.contactId() != null) {
            PreparedStatement contact = writes.next("""
                    INSERT INTO contact_acknowledgement (advisory_id, practice_id, contact_id, submission_id,
                                                         submitted_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (advisory_id, practice_id, contact_id) DO UPDATE
                       SET submission_id = EXCLUDED.submission_id, submitted_at = EXCLUDED.submitted_at
                     WHERE (contact_acknowledgement.submitted_at, contact_acknowledgement.submission_id)
                         > (EXCLUDED.submitted_at, EXCLUDED.submission_id)""");
            contact.setString(1, ack.advisoryId());
            contact.setString(2, ack.practiceId());
            contact.setString(3, ack.contactId());
            contact.setObject(4, ack.submissionId());
            contact.setObject(5, utc(ack.submittedAt()));
            writes.add();
        }
    }

    private static void confirmation(StatementBatches writes, CredentialRotationConfirmed confirmation)
            throws SQLException {
        PreparedStatement upsert = writes.next("""
                INSERT INTO credential_confirmation (advisory_id, practice_id, credential_id, status, changed_on,
                                                     confirmed_by, submission_id, submitted_at, contact_id,
                                                     partner_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (advisory_id, practice_id, credential_id) DO UPDATE
                   SET status = EXCLUDED.status, changed_on = EXCLUDED.changed_on,
                       confirmed_by = EXCLUDED.confirmed_by, submission_id = EXCLUDED.submission_id,
                       submitted_at = EXCLUDED.submitted_at, contact_id = EXCLUDED.contact_id,
                       partner_id = EXCLUDED.partner_id
                 WHERE (credential_confirmation.submitted_at, credential_confirmation.submission_id)
                     < (EXCLUDED.submitted_at, EXCLUDED.submission_id)""");
        upsert.setString(1, confirmation.advisoryId());
        upsert.setString(2, confirmation.practiceId());
        upsert.setString(3, confirmation.credentialId());
        upsert.setString(4, confirmation.status().name());
        setDate(upsert, 5, confirmation.changedOn());
        upsert.setString(6, confirmation.confirmedBy());
        upsert.setObject(7, confirmation.submissionId());
        upsert.setObject(8, utc(confirmation.submittedAt()));
        upsert.setString(9, confirmation.contactId());
        upsert.setString(10, confirmation.partnerId());
        writes.add();
    }

    static String codeHash(String codeHash) {
        if (codeHash == null) {
            return null;
        }
        String normalized = codeHash.strip().toLowerCase(Locale.ROOT);
        return CODE_HASH.matcher(normalized).matches() ? normalized : null;
    }

    /** The practice languages the pages offer; anything else is shown in German. */
    static String language(String language) {
        return language != null && language.strip().equalsIgnoreCase("en") ? "en" : "de";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, date);
        }
    }

    private static void setTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, utc(instant));
        }
    }

    /** The database could not be updated; the events were not applied and must be retried. */
    public static final class ProjectionException extends RuntimeException {
        public ProjectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
