package dev.breachnotify.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The three-node cluster behaves as production's: a topic is replicated three times with two in sync required;
 * losing the leader of a partition loses no acknowledged record and moves leadership to a node in sync, a restarted
 * node catches up, and with two nodes down a producer that asks for all in-sync replicas gets no acknowledgement
 * (a timeout, or {@code NotEnoughReplicas}).
 */
class KafkaClusterIT {

    private static final String TOPIC = "cluster-it";

    @Test
    void survivesTheLossOfAnyOneNodeAndRefusesWritesWithTwoDown() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kafka-cluster")), "run-");
        try (KafkaCluster cluster = KafkaCluster.start(dir);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
            Map<String, String> config = Awaitility.await("the topic's configuration")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> topicConfig(admin), c -> !c.isEmpty());
            assertThat(config)
                    .containsEntry("min.insync.replicas", "2")
                    .containsEntry("unclean.leader.election.enable", "false");

            Set<String> acknowledged = new HashSet<>();
            try (KafkaProducer<String, String> producer = producer(cluster, Map.of())) {
                send(producer, 0, 300, acknowledged);

                // Given the leader of the busiest partition, when it is killed, then writes go on to a new leader
                KafkaCluster.PartitionLeader busiest = cluster.leaderOfBusiestPartition(TOPIC);
                cluster.kill(busiest.leader());
                assertThat(cluster.isRunning(busiest.leader())).isFalse();
                send(producer, 300, 600, acknowledged);
                int newLeader = Awaitility.await("a new leader for " + busiest.partition())
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> cluster.leaderOfBusiestPartition(TOPIC).leader(), id -> id != busiest.leader());
                assertThat(newLeader).isNotEqualTo(busiest.leader());

                cluster.restart(busiest.leader());
                cluster.awaitFullyReplicated(List.of(TOPIC), Duration.ofSeconds(60));
                send(producer, 600, 900, acknowledged);
            }

            // Two nodes down: an acks=all producer is not acknowledged. The quorum is lost with them, so nothing can
            // shrink the partition's ISR: the leader waits for the dead replica and the request times out (with a
            // live controller and one replica in sync it would be refused with NotEnoughReplicas).
            int survivor = leaderOf(admin, 0);
            List<Integer> down = cluster.nodeIds().stream()
                    .filter(id -> id != survivor)
                    .sorted()
                    .toList();
            down.forEach(cluster::kill);
            try (KafkaProducer<String, String> producer = producer(
                    cluster,
                    Map.of(
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                            ProducerConfig.RETRIES_CONFIG, 0,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>(TOPIC, 0, "k", "refused"))
                        .get(30, TimeUnit.SECONDS));
                assertThat(refused).isInstanceOf(ExecutionException.class);
                assertThat(refused.getCause())
                        .isInstanceOfAny(NotEnoughReplicasException.class, TimeoutException.class);
            }
            down.forEach(cluster::restart);
            cluster.awaitFullyReplicated(List.of(TOPIC), Duration.ofSeconds(60));

            // Every acknowledged record is there, once. The refused one may be there too: the leader had appended it
            // before it waited for the replicas, and they copied it once they were back (a timeout is not a "no").
            List<String> read = readAll(cluster, acknowledged);
            List<String> unacknowledged = new ArrayList<>(read);
            unacknowledged.removeAll(acknowledged);
            assertThat(unacknowledged).isSubsetOf("refused");
            read.removeAll(List.of("refused"));
            assertThat(read).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    private static Map<String, String> topicConfig(Admin admin) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        return admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic).entries().stream()
                .collect(Collectors.toMap(ConfigEntry::name, entry -> String.valueOf(entry.value())));
    }

    private static int leaderOf(Admin admin, int partition) throws Exception {
        return admin.describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(TOPIC)
                .partitions()
                .get(partition)
                .leader()
                .id();
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to, Set<String> acknowledged)
            throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sends.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % 17), "value-" + i)));
        }
        for (int i = 0; i < sends.size(); i++) {
            sends.get(i).get(120, TimeUnit.SECONDS);
            acknowledged.add("value-" + (from + i));
        }
    }

    private static List<String> readAll(KafkaCluster cluster, Set<String> expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "cluster-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            Awaitility.await("every acknowledged record")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
                        return values.containsAll(expected);
                    });
        }
        return values;
    }
}
