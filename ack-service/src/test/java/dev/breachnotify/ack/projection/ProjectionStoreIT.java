package dev.breachnotify.ack.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerResponsibilityDeclined;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The notification projection against PostgreSQL: a notification and its code's hash are written by one
 * statement, batched; the code's validity only grows (no expiry wins), and a hash never moves to another practice.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionStoreIT implements TestPropertyProvider {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    @Inject
    ProjectionStore store;

    private final Map<String, String> properties = TestInfrastructure.get().serviceProperties("ack_store_" + run);

    @Override
    public Map<String, String> getProperties() {
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @Test
    void aBatchOfNotificationsWritesEachNotificationAndItsCode() throws SQLException {
        advisory = "ADV-BATCH-" + run;
        List<EventEnvelope<NotificationRequested>> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(wrap(notification("P-" + i, "initial", hash(i), T0.plusSeconds(i))));
        }
        batch.add(wrap(notification("P-nocode", "initial", null, null)));
        batch.add(wrap(notification("P-badcode", "initial", "not-a-hash", null)));

        assertThat(store.apply(batch)).isEqualTo(302);
        assertThat(store.apply(batch)).as("applied once").isZero();

        assertThat(count("SELECT count(*) FROM notification WHERE advisory_id = ?"))
                .isEqualTo(302);
        assertThat(count("SELECT count(*) FROM access_code WHERE advisory_id = ?"))
                .isEqualTo(300);
        try (Connection db = db();
                PreparedStatement select = db.prepareStatement(
                        "SELECT practice_id, language, expires_at " + "FROM access_code WHERE code_hash = ?")) {
            select.setString(1, hash(7));
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("P-7");
                assertThat(row.getString(2)).isEqualTo("de");
                assertThat(row.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(T0.plusSeconds(7));
            }
        }
    }

    @Test
    void aCodeSentAgainKeepsItsLongestValidityAndItsPractice() throws SQLException {
        advisory = "ADV-CODE-" + run;
        String code = hash(1_000_000);
        store.apply(List.of(wrap(notification("P-A", "initial", code, T0.plusSeconds(100)))));
        store.apply(List.of(wrap(notification("P-A", "reminder", code, T0.plusSeconds(50)))));
        assertThat(expiry(code)).isEqualTo(T0.plusSeconds(100));

        store.apply(List.of(wrap(notification("P-A", "letter", code, T0.plusSeconds(200)))));
        assertThat(expiry(code)).isEqualTo(T0.plusSeconds(200));

        // the same hash for another practice changes nothing (and the notification is still recorded)
        store.apply(List.of(wrap(notification("P-B", "initial", code, null))));
        assertThat(expiry(code)).isEqualTo(T0.plusSeconds(200));
        assertThat(count("SELECT count(*) FROM access_code WHERE advisory_id = ? AND practice_id = 'P-B'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM notification WHERE advisory_id = ? AND practice_id = 'P-B'"))
                .isEqualTo(1);

        // no expiry ("does not expire") wins over any date
        store.apply(List.of(wrap(notification("P-A", "bounce", code, null))));
        assertThat(expiry(code)).isNull();
        store.apply(List.of(wrap(notification("P-A", "reminder-2", code, T0.plusSeconds(300)))));
        assertThat(expiry(code)).isNull();
    }

    @Test
    void contactsPartnersTheirCodesAndWhoAnsweredAreProjected() throws SQLException {
        advisory = "ADV-PARTNER-" + run;
        String partnerCode = hash(2_000_000);
        String contactCode = hash(2_000_001);
        UUID ackId = UUID.randomUUID();
        List<EventEnvelope<? extends EventPayload>> events = List.of(
                EventEnvelope.wrap(
                        new PartnerRegistered(new Partner("IT-" + run, "Praxis-IT Nord", "en", List.of())), "t", T0),
                EventEnvelope.wrap(
                        new PartnerNotificationRequested(
                                UUID.randomUUID(),
                                advisory,
                                "IT-" + run,
                                "initial",
                                "en",
                                List.of("it@example.org"),
                                partnerCode,
                                T0.plusSeconds(10),
                                List.of(
                                        new PartnerPractice("P-1", List.of("ti-konnektor")),
                                        new PartnerPractice("P-2", List.of("ti-konnektor", "windows-logins")))),
                        "t",
                        T0),
                EventEnvelope.wrap(
                        new NotificationRequested(
                                UUID.randomUUID(),
                                advisory,
                                "P-1",
                                Channel.EMAIL,
                                "initial",
                                "de",
                                List.of("owner@example.org"),
                                contactCode,
                                null,
                                "owner-1"),
                        "t",
                        T0),
                EventEnvelope.wrap(
                        new EmailSent(UUID.randomUUID(), advisory, null, List.of("it@example.org"), "<m>", "250", 1),
                        "t",
                        T0),
                EventEnvelope.wrap(
                        new AcknowledgementRecorded(ackId, advisory, "P-1", "Dr. A", T0, null, "owner-1"), "t", T0),
                EventEnvelope.wrap(
                        new CredentialRotationConfirmed(
                                UUID.randomUUID(),
                                advisory,
                                "P-2",
                                "ti-konnektor",
                                RotationStatus.CHANGED,
                                LocalDate.of(2026, 12, 2),
                                "J. Petersen",
                                T0,
                                null,
                                "IT-" + run),
                        "t",
                        T0),
                EventEnvelope.wrap(
                        new PartnerResponsibilityDeclined(
                                UUID.randomUUID(), advisory, "P-2", "windows-logins", "IT-" + run, "J. Petersen", T0),
                        "t",
                        T0));

        assertThat(store.apply(events)).isEqualTo(events.size());

        assertThat(count("SELECT count(*) FROM partner_practice WHERE advisory_id = ?"))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM partner_practice WHERE advisory_id = ? AND practice_id = 'P-2' "
                        + "AND credential_ids = ARRAY['ti-konnektor', 'windows-logins']"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM partner_access_code WHERE advisory_id = ? AND code_hash = '"
                        + partnerCode + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM access_code WHERE advisory_id = ? AND contact_id = 'owner-1'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM email_delivery WHERE advisory_id = ?"))
                .as("a partner's mail is not a practice's delivery")
                .isZero();
        assertThat(
                        count(
                                "SELECT count(*) FROM contact_acknowledgement WHERE advisory_id = ? AND contact_id = 'owner-1'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM credential_confirmation WHERE advisory_id = ? AND partner_id = 'IT-"
                        + run + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM partner_decline WHERE advisory_id = ?"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM partner p WHERE partner_id = 'IT-" + run + "' AND ? IS NOT NULL"))
                .isEqualTo(1);
    }

    // --- helpers

    /** Each test its own advisory: the database is the class's. */
    private String advisory = "ADV-STORE-" + run;

    private NotificationRequested notification(String practice, String step, String codeHash, Instant expires) {
        return new NotificationRequested(
                UUID.randomUUID(),
                advisory,
                practice,
                Channel.EMAIL,
                step,
                "de",
                List.of("praxis@example.org"),
                codeHash,
                expires);
    }

    private static EventEnvelope<NotificationRequested> wrap(NotificationRequested notification) {
        return EventEnvelope.wrap(notification, "test", T0);
    }

    private String hash(int i) {
        return String.format("%016x", run.hashCode() & 0xffffffffL).repeat(3) + String.format("%016x", i);
    }

    private Instant expiry(String code) throws SQLException {
        try (Connection db = db();
                PreparedStatement select =
                        db.prepareStatement("SELECT expires_at FROM access_code WHERE code_hash = ?")) {
            select.setString(1, code);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                OffsetDateTime at = row.getObject(1, OffsetDateTime.class);
                return at == null ? null : at.toInstant();
            }
        }
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(
                properties.get("datasources.default.url"),
                properties.get("datasources.default.username"),
                properties.get("datasources.default.password"));
    }

    private long count(String sql) throws SQLException {
        try (Connection db = db();
                PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, advisory);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
