package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.events.EmailSent;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.platform.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * Notifier throughput with one and with two instances (separate processes in one consumer group) on this machine,
 * sending N mails to Postfix's {@code smtp-sink}. On two cores no gain is expected; the figure shows what a second
 * instance costs and that the work is shared. Run by {@code bench/instances-bench.sh}; not part of the default
 * build.
 */
class NotifierInstancesBenchmark {

    private static final int PRACTICES = Integer.getInteger("bench.practices", 20_000);
    private static final String RELAY = System.getProperty("bench.relay", "127.0.0.1:2526");
    /** Reads the first instance's heap from /prometheus (role ADMIN). */
    private static final String ADMIN = "bench-admin";

    private static final String ADMIN_PASSWORD = "bench-" + java.util.UUID.randomUUID();

    @Test
    void everyPracticeIsReachedByOneAndByTwoInstancesWithinTheirHeapLimit() throws Exception {
        StringBuilder report = new StringBuilder(String.format("practices per run                 %,d%n", PRACTICES));
        for (String count : System.getProperty("bench.instances", "1,2").split(",")) {
            int instances = Integer.parseInt(count.strip());
            Run run = run(instances); // fails unless every practice's mail was sent
            if (run.peakHeap() >= 0) {
                assertThat(run.peakHeap())
                        .as("peak heap of the first instance, limit -Xmx512m")
                        .isLessThan(512L << 20);
            }
            report.append(String.format(
                    "%d notifier instance%s              %,.0f mails/s; per tenth of the run:%s; "
                            + "peak heap of the first instance %s (its limit: -Xmx512m)%n",
                    instances,
                    instances == 1 ? " " : "s",
                    run.rate(),
                    run.perTenth(),
                    run.peakHeap() < 0 ? "not read" : String.format("%,d MB", run.peakHeap() >> 20)));
        }
        System.out.println("\n=== notifier instances benchmark ===\n" + report);
        Files.writeString(Path.of("target", "bench-instances.txt"), report.toString());
    }

    /** A run's figures: mails/s from publish to the last email.sent, the rate per tenth, the peak heap seen. */
    private record Run(double rate, String perTenth, long peakHeap) {}

    private Run run(int instances) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "instances-");
        String host = RELAY.substring(0, RELAY.lastIndexOf(':'));
        int port = Integer.parseInt(RELAY.substring(RELAY.lastIndexOf(':') + 1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            List<ServiceProcess> processes = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    Map<String, Object> properties =
                            SyntheticAdvisory.notifierProperties(kafka, postgres, host, port, 3, 500);
                    properties.put(
                            "breachnotify.security.users." + ADMIN + ".password-hash",
                            PasswordHashes.hash(ADMIN_PASSWORD.toCharArray()));
                    properties.put("breachnotify.security.users." + ADMIN + ".roles", Roles.ADMIN);
                    processes.add(ServiceProcess.start(
                            "notifier-service",
                            properties,
                            work.resolve("notifier-" + i + ".log"),
                            Duration.ofSeconds(120)));
                }
                try (KafkaConsumer<String, byte[]> deliveries = FanOutBenchmark.consumer(kafka.bootstrapServers());
                        HeapWatch heap = HeapWatch.start(processes.get(0).url(), ADMIN, ADMIN_PASSWORD)) {
                    deliveries.poll(Duration.ofMillis(100));
                    long published = System.nanoTime();
                    SyntheticAdvisory.publish(processes.get(0).url(), PRACTICES, "I");
                    long sent = 0;
                    // at least 20 minutes, or 100 mails/s for large runs
                    long deadline = System.nanoTime()
                            + Math.max(
                                    Duration.ofMinutes(20).toNanos(),
                                    Duration.ofSeconds(PRACTICES / 100).toNanos());
                    long[] tenths = new long[11];
                    tenths[0] = System.nanoTime(); // published: the import and the publish call are behind us
                    int tenth = 1;
                    while (sent < PRACTICES && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> record : deliveries.poll(Duration.ofMillis(200))) {
                            if (EventCodec.decode(record.value()).payload() instanceof EmailSent) {
                                sent++;
                                while (tenth <= 10 && sent >= (long) PRACTICES * tenth / 10) {
                                    tenths[tenth++] = System.nanoTime();
                                }
                            }
                        }
                    }
                    assertThat(sent).isGreaterThanOrEqualTo(PRACTICES);
                    StringBuilder perTenth = new StringBuilder();
                    for (int i = 1; i < tenth; i++) {
                        perTenth.append(
                                String.format(" %,.0f", PRACTICES / 10.0 / ((tenths[i] - tenths[i - 1]) / 1e9)));
                    }
                    return new Run(sent / ((System.nanoTime() - published) / 1e9), perTenth.toString(), heap.peak());
                }
            } finally {
                for (ServiceProcess process : processes) {
                    process.close();
                }
            }
        }
    }
}
