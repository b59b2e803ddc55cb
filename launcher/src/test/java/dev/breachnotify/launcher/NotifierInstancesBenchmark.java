package dev.breachnotify.launcher;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EmailSent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifier throughput with one and with two instances (separate processes in one consumer group) on this machine,
 * sending N mails to Postfix's {@code smtp-sink}. On two cores no gain is expected; the figure shows what a second
 * instance costs and that the work is shared. Run by {@code bench/instances-bench.sh}; not part of the default
 * build.
 */
class NotifierInstancesBenchmark {

    private static final int PRACTICES = Integer.getInteger("bench.practices", 20_000);
    private static final String RELAY = System.getProperty("bench.relay", "127.0.0.1:2526");

    @Test
    void oneAndTwoInstances() throws Exception {
        StringBuilder report = new StringBuilder(String.format("practices per run                 %,d%n", PRACTICES));
        for (int instances = 1; instances <= 2; instances++) {
            double rate = run(instances);
            report.append(String.format("%d notifier instance%s              %,.0f mails/s%n", instances,
                    instances == 1 ? " " : "s", rate));
        }
        System.out.println("\n=== notifier instances benchmark ===\n" + report);
        Files.writeString(Path.of("target", "bench-instances.txt"), report.toString());
    }

    private double run(int instances) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "bench")), "instances-");
        String host = RELAY.substring(0, RELAY.lastIndexOf(':'));
        int port = Integer.parseInt(RELAY.substring(RELAY.lastIndexOf(':') + 1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0);
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            List<ServiceProcess> processes = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    Map<String, Object> properties = SyntheticAdvisory.notifierProperties(kafka, postgres, host, port,
                            3, 500);
                    processes.add(ServiceProcess.start("notifier-service", properties,
                            work.resolve("notifier-" + i + ".log"), Duration.ofSeconds(120)));
                }
                try (KafkaConsumer<String, byte[]> deliveries = FanOutBenchmark.consumer(kafka.bootstrapServers())) {
                    deliveries.poll(Duration.ofMillis(100));
                    long published = System.nanoTime();
                    SyntheticAdvisory.publish(processes.get(0).url(), PRACTICES, "I");
                    long sent = 0;
                    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
                    while (sent < PRACTICES && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> record : deliveries.poll(Duration.ofMillis(200))) {
                            if (EventCodec.decode(record.value()).payload() instanceof EmailSent) {
                                sent++;
                            }
                        }
                    }
                    assertThat(sent).isGreaterThanOrEqualTo(PRACTICES);
                    return sent / ((System.nanoTime() - published) / 1e9);
                }
            } finally {
                for (ServiceProcess process : processes) {
                    process.close();
                }
            }
        }
    }
}
