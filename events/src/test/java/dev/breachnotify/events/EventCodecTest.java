package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

    @Test
    void everyPayloadSurvivesARoundTripWithTheCurrentSchemaVersion() {
        List<EventPayload> payloads = List.of(
                new PracticeRegistered(practice()),
                new PracticeRegistered(practice()
                        .withContactsAndPartners(
                                List.of(new Contact(
                                        "C-1",
                                        "Dr. Anna Weber",
                                        ContactRole.OWNER,
                                        "weber@example.org",
                                        PreferredChannel.EMAIL,
                                        "de")),
                                List.of(new PartnerAssignment("ti-konnektor", "IT-1")))),
                new PracticeUpdated(practice(), List.of("emails")),
                advisory(),
                new NotificationRequested(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("a@example.org"),
                        "ab".repeat(32),
                        NOW),
                new EmailSent(UUID.randomUUID(), "ADV-1", "P-1", List.of("a@example.org"), "<m@x>", "250 OK", 1),
                new EmailDeferred(UUID.randomUUID(), "ADV-1", "P-1", 451, "try later", 1, NOW),
                new EmailFailed(UUID.randomUUID(), "ADV-1", "P-1", 550, "no such user", 1, true),
                new EmailFailed(UUID.randomUUID(), "ADV-1", "P-1", null, "withdrawn", 2, false, false),
                new EmailSent(UUID.randomUUID(), "ADV-1", "P-1", List.of("a@example.org"), "<m@x>", "250 OK", 1, true),
                new EmailBounced(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        "a@example.org",
                        "failed",
                        "5.1.1",
                        "smtp; 550 5.1.1 no such user",
                        true,
                        "<dsn@relay>"),
                new AcknowledgementRecorded(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        "Dr. Weber",
                        NOW,
                        new ClientInfo("Mozilla/5.0", "192.0.2.0/24")),
                new CredentialRotationConfirmed(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        "ti-konnektor",
                        RotationStatus.CHANGED,
                        LocalDate.of(2026, 11, 23),
                        "Dr. Weber",
                        NOW),
                new PageVisited(
                        UUID.randomUUID(),
                        "ADV-1",
                        "P-1",
                        "GET",
                        NOW,
                        new ClientInfo("Mozilla/5.0", "2001:db8:ab::/48")),
                new AuditExported(UUID.randomUUID(), "dpo", "jsonl", "ADV-1", null, null, NOW, false, 42L, NOW),
                new AuditSigningKeyChanged(
                        UUID.randomUUID(),
                        "example.org/audit",
                        "example.org/audit+01234567+AQ",
                        "example.org/audit+89abcdef+AQ",
                        10_000,
                        true,
                        NOW),
                new LetterRendered(UUID.randomUUID(), "ADV-1", "P-1", "bounce", "PB-1", 2),
                new LetterHandedToPrinter(UUID.randomUUID(), "ADV-1", "P-1", "PB-1", "folder"),
                new LetterPosted(UUID.randomUUID(), "ADV-1", "P-1", "PB-1", LocalDate.of(2026, 11, 25), "report.csv"),
                new EscalationStepFired("ADV-1", "reminder", "SCHEDULE", null, NOW, NOW, 12),
                new EscalationPaused("ADV-1", "comms", "hotline overloaded"),
                new AdvisoryRetracted(
                        "ADV-1",
                        "sent to the wrong segment",
                        "ADV-2",
                        "comms",
                        NOW,
                        List.of(new AdvisoryRetracted.PrintBatch("PB-1", 12, NOW))),
                new RecordDeadLettered(
                        UUID.randomUUID(),
                        "notifier-email",
                        "breachnotify.notifications.v1",
                        2,
                        41L,
                        "P-1",
                        "not JSON"),
                new DeadLetterReplayed(UUID.randomUUID(), "breachnotify.notifications.v1", 1, 77L, "admin"),
                new EscalationResumed("ADV-1", "comms"),
                new PracticeExcluded("ADV-1", "P-1", "confirmed by phone", "comms"),
                new AdvisoryFinalList(
                        "ADV-1",
                        LocalDate.of(2026, 12, 1),
                        3,
                        1,
                        1,
                        1,
                        "ab".repeat(32),
                        List.of(new AdvisoryFinalList.Entry("P-2", List.of("ti-konnektor"), List.of("IT-1"))),
                        true),
                new PartnerRegistered(new Partner(
                        "IT-1",
                        "Praxis-IT Nord GmbH",
                        "de",
                        List.of(new PartnerContact("Jan Petersen", "service@it.example")))),
                new PartnerUpdated(new Partner("IT-1", "Praxis-IT Nord GmbH", "de", List.of()), List.of("contacts")),
                new PartnerNotificationRequested(
                        UUID.randomUUID(),
                        "ADV-1",
                        "IT-1",
                        "initial",
                        "de",
                        List.of("service@it.example"),
                        "cd".repeat(32),
                        NOW,
                        List.of(new PartnerPractice("P-1", List.of("ti-konnektor")))),
                new PartnerResponsibilityDeclined(
                        UUID.randomUUID(), "ADV-1", "P-1", "windows-logins", "IT-1", "Jan Petersen", NOW));
        assertThat(payloads).extracting(EventType::of).containsOnly(EventType.values());

        for (EventPayload payload : payloads) {
            EventEnvelope<EventPayload> envelope = EventEnvelope.wrap(payload, "test", NOW);
            EventEnvelope<EventPayload> read = EventCodec.decode(EventCodec.encode(envelope));
            assertThat(read).isEqualTo(envelope);
            assertThat(read.schemaVersion()).isEqualTo(EventType.of(payload).currentVersion());
        }
    }

    @Test
    void perPracticeEventsAreKeyedByPracticeAndAdvisoryEventsByAdvisory() {
        var sent = EventEnvelope.wrap(
                new EmailSent(UUID.randomUUID(), "ADV-1", "P-7", List.of("a@b.de"), "<m>", "250", 1), "t", NOW);
        var published = EventEnvelope.wrap(advisory(), "t", NOW);

        assertThat(sent.key()).isEqualTo("P-7");
        assertThat(sent.correlationId()).isEqualTo("ADV-1");
        assertThat(published.key()).isEqualTo("ADV-1");
        assertThat(published.topic()).isEqualTo(Topic.ADVISORIES);
        var excluded = EventEnvelope.wrap(new PracticeExcluded("ADV-1", "P-7", "phone", "comms"), "t", NOW);
        var finalList = EventEnvelope.wrap(
                new AdvisoryFinalList("ADV-1", LocalDate.of(2026, 12, 1), 0, 0, 0, 0, "00", List.of(), true), "t", NOW);
        assertThat(excluded.key()).isEqualTo("P-7");
        assertThat(finalList.key()).isEqualTo("ADV-1");
        assertThat(finalList.topic()).isEqualTo(Topic.ESCALATIONS);
    }

    @Test
    void anAdvisoryOfThePreviousSchemaVersionStillParses() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("advisory.published.v1.json"));

        AdvisoryPublished advisory = (AdvisoryPublished) read.payload();
        assertThat(advisory.channels()).containsExactly(Channel.EMAIL);
        assertThat(advisory.textIn("en").subject()).isEqualTo("Please change passwords");
        assertThat(advisory.deadline()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(read.schemaVersion()).isEqualTo(EventType.ADVISORY_PUBLISHED.currentVersion());
        assertThat(advisory.guides()).isEmpty();
        assertThat(advisory.summary()).isEmpty();
    }

    @Test
    void anAdvisoryOfSchemaVersionTwoParsesWithoutGuides() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("advisory.published.v2.json"));

        AdvisoryPublished advisory = (AdvisoryPublished) read.payload();
        assertThat(advisory.channels()).containsExactly(Channel.EMAIL, Channel.LETTER);
        assertThat(advisory.guides()).isEmpty();
        assertThat(advisory.summary()).isEmpty();
        assertThat(advisory.guideFor("ti-konnektor", "de", Map.of())).isEmpty();
    }

    @Test
    void guidesAndPracticeAttributesSurviveARoundTrip() {
        Guide general = guide("general", null, "de");
        Guide secunet = guide("secunet", "konnektor_model", "de");
        AdvisoryPublished advisory = new AdvisoryPublished(
                "ADV-1",
                "Passwords",
                Map.of("de", new LocalizedText("Betreff", "Text")),
                List.of(new Credential("ti-konnektor", Map.of("de", "TI-Konnektor"))),
                LocalDate.of(2026, 12, 1),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                NOW,
                null,
                Map.of("de", "Kurz"),
                List.of(general, secunet));
        Practice practice = new Practice(
                "P-1",
                "Praxis",
                null,
                List.of(),
                null,
                "de",
                null,
                PreferredChannel.LETTER,
                Map.of("konnektor_model", " Secunet "));

        var read = (AdvisoryPublished) EventCodec.decode(EventCodec.encode(EventEnvelope.wrap(advisory, "t", NOW)))
                .payload();
        var readPractice = ((PracticeRegistered) EventCodec.decode(
                                EventCodec.encode(EventEnvelope.wrap(new PracticeRegistered(practice), "t", NOW)))
                        .payload())
                .practice();

        assertThat(read).isEqualTo(advisory);
        assertThat(readPractice.attributes()).containsEntry("konnektor_model", " Secunet ");
        assertThat(read.guideFor("ti-konnektor", "de", readPractice.attributes()))
                .contains(secunet);
        assertThat(read.guideFor("ti-konnektor", "en", Map.of("konnektor_model", "other")))
                .as("no English guide, no matching variant: the German general one")
                .contains(general);
    }

    private static Guide guide(String variant, String field, String language) {
        String html = "<p>" + variant + "</p>\n";
        return new Guide("ti-konnektor", field, variant, language, variant, html, Guide.hash(html));
    }

    @Test
    void aFailedEmailOfThePreviousSchemaVersionReadsAsExpiredRetries() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("email.failed.v1.json"));

        EmailFailed failed = (EmailFailed) read.payload();
        assertThat(failed.permanent()).isFalse();
        assertThat(failed.retriesExpired()).isTrue();
        assertThat(failed.needsLetter()).isTrue();
        assertThat(failed.smtpCode()).isEqualTo(451);
        assertThat(read.schemaVersion()).isEqualTo(2);
    }

    @Test
    void aSentEmailOfThePreviousSchemaVersionIsNoPossibleDuplicate() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("email.sent.v1.json"));

        assertThat(((EmailSent) read.payload()).possibleDuplicate()).isFalse();
        assertThat(read.schemaVersion()).isEqualTo(2);
    }

    @Test
    void aWithdrawalOfThePreviousSchemaVersionNamesNoPrintBatches() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("advisory.retracted.v1.json"));

        AdvisoryRetracted retracted = (AdvisoryRetracted) read.payload();
        assertThat(retracted.handedToPrinter()).isEmpty();
        assertThat(retracted.retractedBy()).isEqualTo("comms");
        assertThat(retracted.supersededBy()).isEqualTo("ADV-2026-002");
        assertThat(read.schemaVersion()).isEqualTo(2);
    }

    @Test
    void unknownFieldsAreTolerated() throws IOException {
        EventEnvelope<EventPayload> read = EventCodec.decode(golden("email.sent.v1.json"));

        assertThat(read.payload()).isInstanceOf(EmailSent.class);
        assertThat(read.key()).isEqualTo("P-00001");
    }

    @Test
    void aBrokenEventIsRejectedNamingTheProblem() {
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"email.sent\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"type\":\"email.opened\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown event type: email.opened");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"email.sent\",\"schemaVersion\":9,\"payload\":{}}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unsupported schemaVersion 9");
        assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not JSON");
    }

    @Test
    void aPracticeEventWithoutContactsReadsAsOneWithout() {
        String json = new String(
                EventCodec.encode(EventEnvelope.wrap(new PracticeRegistered(practice()), "t", NOW)),
                StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"contactId\"");
        PracticeRegistered read = (PracticeRegistered) EventCodec.decode(json.replace(",\"contacts\":[]", "")
                        .replace(",\"partners\":[]", "")
                        .getBytes(StandardCharsets.UTF_8))
                .payload();
        assertThat(read.practice().contacts()).isEmpty();
        assertThat(read.practice().partners()).isEmpty();
        assertThat(read.practice().partnerFor("ti-konnektor")).isEmpty();
    }

    @Test
    void aPartnerForOneCredentialBeatsOneForAll() {
        Practice practice = practice()
                .withContactsAndPartners(
                        List.of(),
                        List.of(new PartnerAssignment("*", "IT-ALL"), new PartnerAssignment("ti-konnektor", "IT-K")));
        assertThat(practice.partnerFor("ti-konnektor")).contains("IT-K");
        assertThat(practice.partnerFor("windows-logins")).contains("IT-ALL");
    }

    @Test
    void anAdvisoryWithoutRecipientsReadsAsOwnerAndManagerWithoutPartners() {
        AdvisoryPublished advisory = advisory();
        assertThat(advisory.recipients().roles()).containsExactly(ContactRole.OWNER, ContactRole.MANAGER);
        assertThat(advisory.recipients().partners()).isFalse();
        assertThat(ContactRole.parse("Data-Protection")).isEqualTo(ContactRole.DATA_PROTECTION);
        assertThat(ContactRole.DATA_PROTECTION.wireName()).isEqualTo("data-protection");
        assertThatThrownBy(() -> ContactRole.parse("boss")).hasMessageContaining("unknown role 'boss'");
    }

    static Practice practice() {
        return new Practice(
                "P-1",
                "Praxis Dr. Weber",
                "Dr. Anna Weber",
                List.of("praxis@example.org"),
                new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE"),
                "de",
                "ortho",
                PreferredChannel.EMAIL);
    }

    static AdvisoryPublished advisory() {
        return new AdvisoryPublished(
                "ADV-1",
                "Passwords",
                Map.of("de", new LocalizedText("Betreff", "Text"), "en", new LocalizedText("Subject", "Text")),
                List.of(new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector"))),
                LocalDate.of(2026, 12, 1),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                NOW,
                null);
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = EventCodecTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }
}
