package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.EventType;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.kafka.EventRecords;
import dev.breachnotify.testsupport.MachineCpu;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The fan-out benchmark: N synthetic practices, one advisory, every mail to Postfix's {@code smtp-sink}
 * on loopback while audit-service consumes everything; then the two ceilings against the same sink: bare Angus
 * Mail over the same number of kept-open connections, and {@code smtp-source -d}. Run by
 * {@code bench/fanout-bench.sh}; not part of the default build.
 */
class FanOutBenchmark {

    private static final int PRACTICES = Integer.getInteger("bench.practices", 40_000);
    private static final String RELAY = System.getProperty("bench.relay", "127.0.0.1:2526");
    /**
     * Contacts per practice ({@code bench.contacts}): 0 (the practices' general addresses, one mail each), 2 (an
     * owner and a manager, two mails each) or 3 (and a doctor, whom the default roles leave out: still two mails).
     */
    private static final int CONTACTS = Integer.getInteger("bench.contacts", 0);
    /** The mails the advisory sends: one per practice, or one per contact in the default roles. */
    private static final long MAILS = CONTACTS == 0 ? PRACTICES : 2L * PRACTICES;
    /** The notifier's default number of relay connections ({@code breachnotify.notifier.smtp.connections}). */
    private static final int CONNECTIONS = 8;

    private static final byte[] EMAIL_SENT = EventType.EMAIL_SENT.wireName().getBytes(StandardCharsets.UTF_8);

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void fanOut() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "run-");
        Path csv = dataDir.resolve("practices.csv");
        writePractices(csv, PRACTICES);
        StringBuilder report = new StringBuilder();
        // unsigned, like the bare-Angus baseline and the figures of docs/performance.md;
        // BENCH_JVM_ARGS=-Dbench.dkim=true measures the DKIM-signing pipeline that the run command starts
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(
                new PipelineSettings(dataDir, 0, 0, 0, 0, 0, 0, 0, RELAY), Boolean.getBoolean("bench.dkim"))) {
            String comms = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(("comms:" + pipeline.password("comms")).getBytes(StandardCharsets.UTF_8));
            long importStart = System.nanoTime();
            HttpResponse<String> imported = http.send(
                    HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/api/practices/import"))
                            .header("Authorization", comms)
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofFile(csv))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double importSeconds = (System.nanoTime() - importStart) / 1e9;
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

            // the import's 40,000 practice events are still on their way to audit and ack when it returns; a
            // publish would share the cores with them, which is not what the fan-out's figure should include
            double settleSeconds = awaitConsumersCaughtUp(pipeline);
            if (CONTACTS > 0) {
                addContacts(pipeline, CONTACTS);
            }

            String draft = """
                    {"title": "Benchmark", "deadline": "%s",
                     "texts": {"de": {"subject": "Bitte Passwörter ändern", "body": "Hallo {{practice.name}},\\n\\n{{credentials}}"},
                               "en": {"subject": "Please change passwords", "body": "Hello {{practice.name}},\\n\\n{{credentials}}"}}}
                    """.formatted(LocalDate.now().plusDays(30));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/api/advisories"))
                            .header("Authorization", comms)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(draft))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = Pattern.compile("\"advisoryId\":\"([^\"]+)\"").matcher(created.body());
            assertThat(id.find()).as(created.body()).isTrue();

            try (KafkaConsumer<String, byte[]> deliveries = consumer(pipeline.kafkaBootstrapServers())) {
                // a mark to attach a profiler by (perf record -p PID) while the fan-out runs
                System.out.println(
                        "bench: publishing (pid " + ProcessHandle.current().pid() + ")");
                long published = System.nanoTime();
                MachineCpu cpuAtPublish = MachineCpu.now();
                http.send(
                        HttpRequest.newBuilder(URI.create(
                                        pipeline.notifierUrl() + "/api/advisories/" + id.group(1) + "/publish"))
                                .header("Authorization", comms)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                long sent = 0;
                // at least 30 minutes, or 100 mails/s for large runs
                long deadline = System.nanoTime()
                        + Math.max(
                                Duration.ofMinutes(30).toNanos(),
                                Duration.ofSeconds(PRACTICES / 100).toNanos());
                // the rate per tenth of the run shows whether it slows down as the tables and topics grow
                long[] tenths = new long[11];
                tenths[0] = published;
                int tenth = 1;
                while (sent < MAILS && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : deliveries.poll(Duration.ofMillis(200))) {
                        // the type header, not the JSON: the stopwatch should not take CPU from what it measures
                        Header type = record.headers().lastHeader(EventRecords.TYPE_HEADER);
                        if (type != null && Arrays.equals(type.value(), EMAIL_SENT)) {
                            sent++;
                            while (tenth <= 10 && sent >= MAILS * tenth / 10) {
                                tenths[tenth++] = System.nanoTime();
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - published) / 1e9;
                MachineCpu cpuAtEnd = MachineCpu.now();
                // wall-clock window, to line up with outside samplers (per-process CPU, perf)
                System.out.printf(
                        "fan-out window (epoch s): %.1f %.1f%n",
                        System.currentTimeMillis() / 1e3 - seconds, System.currentTimeMillis() / 1e3);
                StringBuilder perTenth = new StringBuilder();
                for (int i = 1; i < tenth; i++) {
                    perTenth.append(String.format(" %,.0f", MAILS / 10.0 / ((tenths[i] - tenths[i - 1]) / 1e9)));
                }
                report.append(String.format("practices                         %,d%n", PRACTICES));
                report.append(String.format("contacts per practice             %d (mails: %,d)%n", CONTACTS, MAILS));
                report.append(String.format(
                        "directory import                  %.1f s (%,.0f rows/s)%n",
                        importSeconds, PRACTICES / importSeconds));
                report.append(String.format(
                        "import events consumed after      %.1f s (before the publish)%n", settleSeconds));
                report.append(String.format("publish -> last email.sent        %.1f s%n", seconds));
                report.append(String.format("pipeline rate                     %,.0f mails/s%n", sent / seconds));
                report.append("rate per tenth of the run (mails/s)" + perTenth + "\n");
                report.append(String.format("peak heap (whole JVM: broker + 3 services)  %,d MB%n", peakHeapMb()));
                if (cpuAtPublish != null && cpuAtEnd != null) {
                    MachineCpu cpu = cpuAtEnd.since(cpuAtPublish);
                    report.append(String.format(
                            "machine CPU, publish -> last sent  %.1f %% busy, %.1f %% stolen by" + " the hypervisor%n",
                            100.0 * cpu.busy() / cpu.total(), 100.0 * cpu.stolen() / cpu.total()));
                }
                assertThat(sent).isEqualTo(MAILS);
                double pipelineRate = sent / seconds;
                double angus = bareAngusRate(Math.min(PRACTICES, 20_000));
                double source = smtpSourceRate(Math.min(PRACTICES, 20_000));
                report.append(String.format(
                        "bare Angus Mail, %d connections   %,.0f mails/s (pipeline = %.0f %%)%n",
                        CONNECTIONS, angus, 100 * pipelineRate / angus));
                report.append(String.format(
                        "smtp-source -d                    %,.0f mails/s (pipeline = %.0f %%)%n",
                        source, 100 * pipelineRate / source));
            }
        }
        System.out.println("\n=== fan-out benchmark ===\n" + report);
        Files.writeString(Path.of("target", "bench-fanout.txt"), report.toString());
    }

    /**
     * Gives every practice an owner and a manager (and with 3 a doctor) with addresses at the practice's domain,
     * straight in the notifier's database: the directory import's CSV has no contacts.
     */
    private static void addContacts(EmbeddedPipeline pipeline, int contacts) throws Exception {
        String doctor = contacts >= 3
                ? ", jsonb_build_object('contactId', 'doctor', 'name', 'Dr. Arzt ' || practice_id, 'role', 'DOCTOR',"
                        + " 'email', 'doctor.' || emails[1])"
                : "";
        try (java.sql.Connection connection = pipeline.notifierDatabase();
                java.sql.Statement update = connection.createStatement()) {
            int updated = update.executeUpdate("UPDATE practice SET contacts = jsonb_build_array("
                    + "jsonb_build_object('contactId', 'owner', 'name', 'Dr. Inhaber ' || practice_id, 'role', 'OWNER',"
                    + " 'email', 'owner.' || emails[1]),"
                    + "jsonb_build_object('contactId', 'manager', 'name', 'Praxismanagement ' || practice_id,"
                    + " 'role', 'MANAGER', 'email', 'manager.' || emails[1])" + doctor + ")"
                    + " WHERE segment = 'bench'");
            assertThat(updated).isEqualTo(PRACTICES);
        }
    }

    private static void writePractices(Path csv, int count) throws Exception {
        StringBuilder rows = new StringBuilder("practice_id;name;emails;language;segment\n");
        for (int i = 0; i < count; i++) {
            rows.append(String.format("B-%07d;Praxis %d;praxis%d@d%d.example;de;bench%n", i, i, i, i % 1000));
        }
        Files.writeString(csv, rows);
    }

    /**
     * Waits until every consumer group (but the benchmark's own) has consumed everything there is and the audit log
     * (which keeps its positions in its own database, not in Kafka) has stopped growing, for two seconds on end (the
     * outbox relay may not have sent the last events yet); returns the seconds waited.
     */
    private double awaitConsumersCaughtUp(EmbeddedPipeline pipeline) throws Exception {
        String dpo = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("dpo:" + pipeline.password("dpo")).getBytes(StandardCharsets.UTF_8));
        HttpRequest head = HttpRequest.newBuilder(URI.create(pipeline.auditUrl() + "/api/audit/head"))
                .header("Authorization", dpo)
                .GET()
                .build();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafkaBootstrapServers()))) {
            int quiet = 0;
            String auditHead = "";
            while (quiet < 5 && System.nanoTime() < deadline) {
                String now =
                        http.send(head, HttpResponse.BodyHandlers.ofString()).body();
                quiet = totalLag(admin) == 0 && now.equals(auditHead) ? quiet + 1 : 0;
                auditHead = now;
                Thread.sleep(400);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long totalLag(Admin admin) throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (group.groupId().startsWith("bench-")) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                            latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() != null) {
                    lag += Math.max(
                            0,
                            ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
        }
        return lag;
    }

    /** A read_committed reader of the deliveries topic from its beginning, in a group of its own. */
    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topic.DELIVERIES.topicName()));
        return consumer;
    }

    /**
     * The same kind of message over the same number of kept-open connections, with nothing else around it:
     * multipart/alternative with a plain-text and an HTML part of the pipeline's sizes, unsigned (the benchmark's
     * pipeline does not sign either, unless {@code -Dbench.dkim=true}).
     */
    private static double bareAngusRate(int count) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", RELAY.substring(0, RELAY.lastIndexOf(':')));
        properties.put("mail.smtp.port", RELAY.substring(RELAY.lastIndexOf(':') + 1));
        Session session = Session.getInstance(properties);
        String text = "Hallo Praxis,\n\n" + "- Passwörter der Praxissoftware\n".repeat(12)
                + "Bitte bestätigen Sie hier, was Ihre Praxis geändert hat: http://localhost:8082/a/XXXX-XXXX\n";
        String html = "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Bitte Passwörter "
                + "ändern</title></head>\n<body>\n<p>" + text.replace("\n", "<br>\n") + "</p></body></html>\n";
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int share = count / CONNECTIONS;
            done.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = 0; i < share; i++) {
                        MimeMessage message = new MimeMessage(session);
                        message.setFrom(new InternetAddress("security-notice@vendor.example"));
                        message.setRecipient(Message.RecipientType.TO, new InternetAddress("p" + i + "@d.example"));
                        message.setSubject("Bitte Passwörter ändern", "UTF-8");
                        MimeBodyPart plain = new MimeBodyPart();
                        plain.setText(text, "UTF-8", "plain");
                        MimeBodyPart rich = new MimeBodyPart();
                        rich.setText(html, "UTF-8", "html");
                        message.setContent(new MimeMultipart("alternative", plain, rich));
                        message.saveChanges();
                        transport.sendMessage(message, message.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        return (count / CONNECTIONS * CONNECTIONS) / ((System.nanoTime() - start) / 1e9);
    }

    private static double smtpSourceRate(int count) throws Exception {
        Path source = Path.of("/usr/sbin/smtp-source");
        if (!Files.isExecutable(source)) {
            return Double.NaN;
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(
                        source.toString(), "-d", "-s", "20", "-m", String.valueOf(count), "-l", "4096", RELAY)
                .redirectErrorStream(true)
                .start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor()).isZero();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed())
                        .sum()
                / (1024 * 1024);
    }
}
