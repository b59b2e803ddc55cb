package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.AdvisoryFinalList;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EmailFailed;
import dev.breachnotify.events.EscalationPaused;
import dev.breachnotify.events.EscalationResumed;
import dev.breachnotify.events.EscalationStepFired;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.LetterHandedToPrinter;
import dev.breachnotify.events.LetterPosted;
import dev.breachnotify.events.LetterRendered;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PracticeExcluded;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.Topic;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.fanout.NotificationPlanner;
import dev.breachnotify.platform.kafka.EventRecords;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One advisory through the whole escalation chain, with a clock the test moves forward: the first emails and
 * letter, a bounce that becomes a letter, a reminder after 3 days, letters after 7, confirmations (as ack-service
 * publishes them) that stop the chain for a practice, an exclusion, the dispatch report, and the final list at the
 * deadline. Checks the print batches on disk (PDF read back, manifest) and the events on Kafka.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscalationChainIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final String CODE_KEY = Base64.getEncoder()
            .encodeToString("escalation-chain-it-code-key-0123456789".getBytes(StandardCharsets.US_ASCII));
    private static final ShiftedClock CLOCK = new ShiftedClock(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    private static final Path PRINT =
            Path.of("target", "escalation-it", "print-" + UUID.randomUUID()).toAbsolutePath();
    private static final String CSV = """
            practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;preferred_channel
            E-001;Praxis Eins;Dr. Eva Eins;eins@escalation.example;Erster Weg 1;10115;Berlin;DE;de;esc;email
            E-002;Praxis Zwei;;zwei@escalation.example;Zweiter Weg 2;20095;Hamburg;DE;de;esc;email
            E-003;Surgery Three;Dr. Tom Three;three@escalation.example;Third Road 3;80331;München;DE;en;esc;email
            E-004;Praxis Vier;;;Vierter Weg 4;50667;Köln;DE;de;esc;letter
            E-005;Praxis Fünf;;fuenf@escalation.example;Fünfter Weg 5;01067;Dresden;DE;de;esc;email
            """;
    private static final List<String> CREDENTIALS = List.of("praxis-software", "ti-konnektor");

    @Inject
    @Client("/")
    HttpClient http;

    @MockBean(Clock.class)
    Clock clock() {
        return CLOCK;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_escalation_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(INFRA.smtpPort()));
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.ack-base-url", "http://ack.test");
        properties.put("breachnotify.notifier.code-key", CODE_KEY);
        properties.put("breachnotify.notifier.print.folder", PRINT.toString());
        properties.put("breachnotify.notifier.print.batch-size", "10");
        properties.put("breachnotify.notifier.print.flush-after", "0s");
        properties.put("breachnotify.notifier.print.poll-interval", "300ms");
        properties.put("breachnotify.notifier.escalation.tick", "300ms");
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void oneAdvisoryThroughTheWholeChain() throws Exception {
        // Given the directory and an advisory with the default schedule (reminder after 3 days, letter after 7)
        INFRA.mail().reset();
        post("/api/practices/import", CSV, MediaType.of("text/csv"));
        LocalDate deadline =
                LocalDate.now(CLOCK.withZone(ZoneId.of("Europe/Berlin"))).plusDays(14);
        Map<?, ?> created = post(
                "/api/advisories",
                Map.of(
                        "title", "Escalation chain",
                        "deadline", deadline.toString(),
                        "audience", Map.of("kind", "SEGMENTS", "values", List.of("esc")),
                        "credentials",
                                List.of(
                                        Map.of(
                                                "id",
                                                CREDENTIALS.get(0),
                                                "label",
                                                Map.of("de", "Praxissoftware", "en", "Practice software")),
                                        Map.of(
                                                "id",
                                                CREDENTIALS.get(1),
                                                "label",
                                                Map.of("de", "TI-Konnektor", "en", "TI connector"))),
                        "texts",
                                Map.of(
                                        "de",
                                                Map.of(
                                                        "subject",
                                                        "Bitte Passwörter ändern",
                                                        "body",
                                                        "Hallo {{practice.name}},\n\n{{credentials}}"),
                                        "en",
                                                Map.of(
                                                        "subject",
                                                        "Please change passwords",
                                                        "body",
                                                        "Hello {{practice.name}},\n\n{{credentials}}"))),
                MediaType.APPLICATION_JSON_TYPE);
        String advisoryId = (String) created.get("advisoryId");
        assertThat(((Map<?, ?>) created.get("content")).get("schedule").toString())
                .contains("reminderAfterDays=3", "letterAfterDays=7");

        // When it is published: emails to the four practices with an address, a letter to the one without
        post("/api/advisories/" + advisoryId + "/publish", "", MediaType.APPLICATION_JSON_TYPE);
        awaitMails(Set.of("eins@", "zwei@", "three@", "fuenf@"), "Bitte Passwörter ändern", "Please change passwords");
        Map<?, ?> escalation = get("/api/advisories/" + advisoryId + "/escalation");
        assertThat(escalation.get("targeted")).isEqualTo(5);

        // A hard bounce for E-002, as the email worker reports a 5xx rejection
        UUID bouncedEmail = NotificationPlanner.notificationId(advisoryId, "E-002", Channel.EMAIL, "initial");
        publish(new EmailFailed(bouncedEmail, advisoryId, "E-002", 550, "5.1.1 mailbox unknown", 1, true));

        // Then E-004's first letter and E-002's bounce letter are printed
        awaitLetters(advisoryId, "HANDED_OVER", 2);
        Map<String, Integer> printed = printedLetters();
        assertThat(printed.keySet()).containsExactlyInAnyOrder("E-002", "E-004");

        // The communications team excludes E-004 (it confirmed by phone) and pauses and resumes the advisory
        Map<?, ?> excluded = post(
                "/api/advisories/" + advisoryId + "/escalation/exclusions",
                Map.of("practiceId", "E-004", "reason", "confirmed by phone on 2026-11-26"),
                MediaType.APPLICATION_JSON_TYPE);
        assertThat(excluded.get("excluded")).isEqualTo(true);
        assertThat(post(
                                "/api/advisories/" + advisoryId + "/escalation/pause",
                                Map.of("reason", "hotline busy"),
                                MediaType.APPLICATION_JSON_TYPE)
                        .get("paused"))
                .isEqualTo(true);
        assertThat(post("/api/advisories/" + advisoryId + "/escalation/resume", "", MediaType.APPLICATION_JSON_TYPE)
                        .get("paused"))
                .isEqualTo(false);

        // No answer: after 3 days a reminder email, not to the bounced E-002, the letter-only E-004
        INFRA.mail().reset();
        CLOCK.advance(Duration.ofDays(3).plusMinutes(1));
        awaitStepFired(advisoryId, "reminder");
        List<MimeMessage> reminders = awaitMails(
                Set.of("eins@", "three@", "fuenf@"), "Erinnerung: Bitte Passwörter", "Reminder: Please change");
        assertThat(reminders).noneMatch(mail -> recipient(mail).startsWith("zwei@"));

        // E-001 confirms everything as ack-service reports it; E-005 acknowledges but confirms one credential only
        Instant now = CLOCK.instant();
        publish(new AcknowledgementRecorded(
                UUID.randomUUID(),
                advisoryId,
                "E-001",
                "Dr. Eva Eins",
                now,
                new ClientInfo("Mozilla/5.0", "192.0.2.0/24")));
        for (String credential : CREDENTIALS) {
            publish(new CredentialRotationConfirmed(
                    UUID.randomUUID(),
                    advisoryId,
                    "E-001",
                    credential,
                    RotationStatus.CHANGED,
                    LocalDate.now(CLOCK),
                    "Dr. Eva Eins",
                    now));
        }
        publish(new AcknowledgementRecorded(
                UUID.randomUUID(),
                advisoryId,
                "E-005",
                "Praxis Fünf",
                now,
                new ClientInfo("Mozilla/5.0", "192.0.2.0/24")));
        publish(new CredentialRotationConfirmed(
                UUID.randomUUID(),
                advisoryId,
                "E-005",
                CREDENTIALS.get(1),
                RotationStatus.NOT_APPLICABLE,
                null,
                "Praxis Fünf",
                now));
        awaitUntil(
                "E-001 counts as confirmed",
                () -> get("/api/advisories/" + advisoryId + "/escalation")
                        .get("confirmed")
                        .equals(1));

        // After 7 days letters to the practices still outstanding: E-002, E-003, E-005 (not E-001, not E-004)
        CLOCK.advance(Duration.ofDays(4));
        awaitStepFired(advisoryId, "letter");
        awaitLetters(advisoryId, "HANDED_OVER", 5);
        printed = printedLetters();
        assertThat(printed).containsOnlyKeys("E-002", "E-003", "E-004", "E-005");
        assertThat(printed.get("E-002")).isEqualTo(2);
        assertThat(printed.get("E-004")).isEqualTo(1);

        // The provider's dispatch report: every printed letter posted, one line with a practice not in its batch
        List<CSVRecord> manifest = manifests();
        StringBuilder report = new StringBuilder("batch_id;practice_id;posted_date\n");
        manifest.forEach(line -> report.append(line.get("batch_id"))
                .append(';')
                .append(line.get("practice_id"))
                .append(';')
                .append(LocalDate.now(CLOCK))
                .append('\n'));
        report.append(manifest.get(0).get("batch_id"))
                .append(";E-999;")
                .append(LocalDate.now(CLOCK))
                .append('\n');
        report.append("PB-NOPE;E-003;").append(LocalDate.now(CLOCK)).append('\n');
        report.append(manifest.get(0).get("batch_id")).append(";E-003;31.02.2026\n");
        Map<?, ?> imported =
                post("/api/letters/dispatch-report?source=dispatch-1.csv", report.toString(), MediaType.of("text/csv"));
        assertThat(imported.get("posted")).isEqualTo(5);
        assertThat(imported.get("rejected")).isEqualTo(3);
        assertThat(imported.get("problems").toString())
                .contains(
                        "line=" + (manifest.size() + 2)
                                + ", field=practice_id, reason=practice 'E-999' has no letter in batch",
                        "line=" + (manifest.size() + 3) + ", field=batch_id, reason=no print batch 'PB-NOPE'",
                        "line=" + (manifest.size() + 4) + ", field=posted_date, reason='31.02.2026' is not a date");
        Map<?, ?> again =
                post("/api/letters/dispatch-report?source=dispatch-1.csv", report.toString(), MediaType.of("text/csv"));
        assertThat(again.get("posted")).isEqualTo(0);
        assertThat(again.get("alreadyPosted")).isEqualTo(manifest.size());

        // At the deadline the final list: exactly the unconfirmed practices with what each is missing
        CLOCK.advance(Duration.ofDays(10));
        awaitStepFired(advisoryId, "final-list");
        HttpResponse<String> finalList = http.toBlocking()
                .exchange(
                        HttpRequest.GET("/api/advisories/" + advisoryId + "/final-list.csv")
                                .basicAuth("comms", "comms-pw"),
                        String.class);
        assertThat(finalList.header("X-Final-List")).isEqualTo("final");
        assertThat(finalList.body()).isEqualTo("""
                practice_id,practice_name,acknowledged,missing,partners
                E-002,Praxis Zwei,false,praxis-software ti-konnektor,
                E-003,Surgery Three,false,praxis-software ti-konnektor,
                E-005,Praxis Fünf,true,praxis-software,
                """.replace("\n", "\r\n"));
        HttpClientResponseException twice = catchHttp(() -> post(
                "/api/advisories/" + advisoryId + "/escalation/steps/reminder/fire",
                "",
                MediaType.APPLICATION_JSON_TYPE));
        assertThat(twice.getStatus().getCode()).isEqualTo(409);

        // The events on Kafka, and no code in clear anywhere
        assertEvents(advisoryId, finalList.header("X-Content-SHA256"));
    }

    private void assertEvents(String advisoryId, String finalListHash) {
        CodeIssuer codes = new CodeIssuer(CODE_KEY);
        List<String> codesInClear = new ArrayList<>();
        for (String practice : List.of("E-001", "E-002", "E-003", "E-004", "E-005")) {
            String code = codes.codeFor(advisoryId, practice).formatted();
            codesInClear.add(code);
            codesInClear.add(code.replace("-", ""));
        }
        try (KafkaTopicReader reader = new KafkaTopicReader(INFRA.kafkaBootstrapServers(), Topic.values())) {
            List<ConsumerRecord<String, byte[]>> records =
                    reader.readUntil(Duration.ofSeconds(30), "the final list and five letter.posted events", read -> {
                        List<EventPayload> mine = ofAdvisory(read, advisoryId);
                        return mine.stream().anyMatch(AdvisoryFinalList.class::isInstance)
                                && mine.stream()
                                                .filter(LetterPosted.class::isInstance)
                                                .count()
                                        == 5;
                    });
            List<EventPayload> events = ofAdvisory(records, advisoryId);
            assertThat(events.stream()
                            .filter(LetterRendered.class::isInstance)
                            .map(LetterRendered.class::cast)
                            .map(letter -> letter.practiceId() + "/" + letter.step()))
                    .containsExactlyInAnyOrder(
                            "E-004/initial", "E-002/bounce", "E-002/letter", "E-003/letter", "E-005/letter");
            assertThat(events.stream().filter(LetterHandedToPrinter.class::isInstance))
                    .hasSize(5);
            assertThat(events.stream()
                            .filter(NotificationRequested.class::isInstance)
                            .map(NotificationRequested.class::cast)
                            .filter(n -> n.step().equals("reminder"))
                            .map(NotificationRequested::practiceId))
                    .containsExactlyInAnyOrder("E-001", "E-003", "E-005");
            assertThat(events.stream()
                            .filter(EscalationStepFired.class::isInstance)
                            .map(e -> ((EscalationStepFired) e).step()))
                    .containsExactlyInAnyOrder("reminder", "letter", "final-list");
            assertThat(events)
                    .anyMatch(e -> e instanceof PracticeExcluded x
                            && x.practiceId().equals("E-004")
                            && x.reason().contains("phone")
                            && x.excludedBy().equals("comms"));
            assertThat(events).anyMatch(EscalationPaused.class::isInstance);
            assertThat(events).anyMatch(EscalationResumed.class::isInstance);
            AdvisoryFinalList list = events.stream()
                    .filter(AdvisoryFinalList.class::isInstance)
                    .map(AdvisoryFinalList.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(list.targeted()).isEqualTo(5);
            assertThat(list.confirmed()).isEqualTo(1);
            assertThat(list.excluded()).isEqualTo(1);
            assertThat(list.outstanding()).isEqualTo(3);
            assertThat(list.csvSha256()).isEqualTo(finalListHash);
            assertThat(list.entries())
                    .extracting(AdvisoryFinalList.Entry::practiceId)
                    .containsExactly("E-002", "E-003", "E-005");
            assertThat(list.entries().get(2).missing()).containsExactly("praxis-software");
            assertThat(records).allSatisfy(record -> {
                String json = new String(record.value(), StandardCharsets.UTF_8);
                codesInClear.forEach(code -> assertThat(json).doesNotContain(code));
            });
        }
    }

    /** Every letter in the print folder: practice id → letters; checks each PDF against its manifest. */
    private Map<String, Integer> printedLetters() throws IOException {
        Map<String, Integer> letters = new HashMap<>();
        try (Stream<Path> files = Files.list(PRINT)) {
            for (Path manifestFile : files.filter(
                            f -> f.getFileName().toString().endsWith("-manifest.csv"))
                    .toList()) {
                String batchId = manifestFile.getFileName().toString().replace("-manifest.csv", "");
                List<CSVRecord> lines = read(manifestFile);
                try (PDDocument pdf =
                        Loader.loadPDF(PRINT.resolve(batchId + ".pdf").toFile())) {
                    int pages = lines.stream()
                            .mapToInt(line -> Integer.parseInt(line.get("pages")))
                            .sum();
                    assertThat(pdf.getNumberOfPages()).as(batchId).isEqualTo(pages);
                    for (CSVRecord line : lines) {
                        letters.merge(line.get("practice_id"), 1, Integer::sum);
                        PDFTextStripper stripper = new PDFTextStripper();
                        int first = Integer.parseInt(line.get("first_page"));
                        stripper.setStartPage(first);
                        stripper.setEndPage(first);
                        String page = stripper.getText(pdf);
                        String[] address = line.get("address").split(" \\| ");
                        assertThat(page).as(line.toString()).contains(address);
                        assertThat(page)
                                .containsAnyOf(
                                        "Customer number: " + line.get("practice_id"),
                                        "Kundennummer: " + line.get("practice_id"));
                    }
                }
            }
        }
        return letters;
    }

    private List<CSVRecord> manifests() throws IOException {
        List<CSVRecord> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(PRINT)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-manifest.csv"))
                    .sorted()
                    .toList()) {
                all.addAll(read(file));
            }
        }
        return all;
    }

    private static List<CSVRecord> read(Path manifest) throws IOException {
        try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(in)) {
            return parser.getRecords();
        }
    }

    private static List<EventPayload> ofAdvisory(List<ConsumerRecord<String, byte[]>> records, String advisoryId) {
        return KafkaTopicReader.events(records).stream()
                .map(EventEnvelope::payload)
                .filter(payload -> advisoryId.equals(payload.advisoryId()))
                .toList();
    }

    private List<MimeMessage> awaitMails(Set<String> recipients, String subjectDe, String subjectEn) {
        List<MimeMessage> matching = new ArrayList<>();
        awaitUntil("mails to " + recipients, () -> {
            matching.clear();
            for (MimeMessage mail : INFRA.mail().messages()) {
                String subject = subject(mail);
                if (subject.startsWith(subjectDe) || subject.startsWith(subjectEn)) {
                    matching.add(mail);
                }
            }
            return recipients.stream()
                    .allMatch(r -> matching.stream().anyMatch(m -> recipient(m).startsWith(r)));
        });
        return List.copyOf(matching);
    }

    private void awaitLetters(String advisoryId, String status, long count) {
        awaitUntil(count + " letters " + status, () -> {
            Map<?, ?> counts = get("/api/letters/status?advisoryId=" + advisoryId);
            Object value = counts.get(status);
            return value != null && ((Number) value).longValue() >= count;
        });
    }

    private void awaitStepFired(String advisoryId, String step) {
        awaitUntil("step " + step + " fired", () -> {
            List<?> steps = (List<?>)
                    get("/api/advisories/" + advisoryId + "/escalation").get("steps");
            return steps.stream()
                    .map(Map.class::cast)
                    .anyMatch(s -> step.equals(s.get("step")) && s.get("firedAt") != null);
        });
    }

    private static void awaitUntil(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }

    private void publish(EventPayload payload) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        INFRA.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String producerName = payload instanceof EmailFailed ? "notifier-service" : "ack-service";
            producer.send(EventRecords.toRecord(EventEnvelope.wrap(payload, producerName, CLOCK.instant())))
                    .get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<?, ?> get(String uri) {
        return http.toBlocking().retrieve(HttpRequest.GET(uri).basicAuth("comms", "comms-pw"), Map.class);
    }

    private Map<?, ?> post(String uri, Object body, MediaType type) {
        return http.toBlocking()
                .retrieve(HttpRequest.POST(uri, body).contentType(type).basicAuth("comms", "comms-pw"), Map.class);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String recipient(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpClientResponseException catchHttp(Runnable call) {
        try {
            call.run();
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected an HTTP error");
    }

    /** A clock that runs with real time, shifted by an offset the test moves forward. */
    static final class ShiftedClock extends Clock {
        private final AtomicReference<Duration> offset;
        private final ZoneId zone;

        ShiftedClock(AtomicReference<Duration> offset, ZoneId zone) {
            this.offset = offset;
            this.zone = zone;
        }

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new ShiftedClock(offset, newZone);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
