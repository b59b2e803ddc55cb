package dev.breachnotify.testsupport.kafka;

import dev.breachnotify.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real three-node Kafka cluster on loopback, each node (broker and controller combined, KRaft, a three-voter
 * controller quorum) in a JVM process of its own, started from this JVM's class path (which must hold the
 * Kafka broker's jars), configured as production is ({@code docs/production.md}: replication factor 3,
 * {@code min.insync.replicas=2}, {@code unclean.leader.election.enable=false}, internal topics replicated three
 * times). Any node can be killed ({@code kill -9}) and restarted on its own log directory.
 *
 * <p>Files: {@code node-<id>/} under the given directory holds each node's configuration, log directory
 * ({@code data/}) and output ({@code node.log}).
 */
public final class KafkaCluster implements AutoCloseable {

    /** Nodes in the cluster: three, as in production. */
    public static final int SIZE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Small heaps and one compiler: three of them share the test machine's cores with the services. */
    private static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Map<Integer, KafkaNode> nodes;
    private final String clusterId;
    private final Path logbackConfig;
    private final Admin admin;

    private KafkaCluster(Map<Integer, KafkaNode> nodes, String clusterId, Path logbackConfig) {
        this.nodes = nodes;
        this.clusterId = clusterId;
        this.logbackConfig = logbackConfig;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    /**
     * Starts the three nodes and returns once every one is registered and unfenced.
     *
     * @param dir the cluster's files; created if missing
     */
    public static KafkaCluster start(Path dir) {
        long started = System.nanoTime();
        Map<Integer, KafkaNode> nodes = new LinkedHashMap<>();
        for (int id = 1; id <= SIZE; id++) {
            nodes.put(
                    id,
                    new KafkaNode(
                            id,
                            FreePorts.next(),
                            FreePorts.next(),
                            dir.toAbsolutePath().resolve("node-" + id)));
        }
        KafkaCluster cluster =
                new KafkaCluster(nodes, Uuid.randomUuid().toString(), writeLogbackConfig(dir.toAbsolutePath()));
        try {
            nodes.values().forEach(cluster::launch);
            for (KafkaNode node : nodes.values()) {
                cluster.awaitRegistered(node);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "Kafka cluster of {} nodes ready at {} in {} ms (files in {})",
                SIZE,
                cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000,
                dir);
        return cluster;
    }

    /** @return the bootstrap servers of all three nodes */
    public String bootstrapServers() {
        return nodes.values().stream().map(node -> HOST + ":" + node.port()).collect(Collectors.joining(","));
    }

    /** @return the node ids, 1 to 3 */
    public Set<Integer> nodeIds() {
        return Set.copyOf(nodes.keySet());
    }

    /** @return whether the node's process is alive */
    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** @return the node's output file, for a failing test's message */
    public Path log(int nodeId) {
        return node(nodeId).log();
    }

    /** {@code kill -9} of one node; returns once the process is gone. */
    public void kill(int nodeId) {
        KafkaNode node = node(nodeId);
        node.kill();
        LOG.info("Killed {} (kill -9)", node);
    }

    /**
     * Starts a stopped node again on its own log directory and returns once it is registered and unfenced (it
     * may still be catching up as a follower: see {@link #awaitFullyReplicated}).
     */
    public void restart(int nodeId) {
        KafkaNode node = node(nodeId);
        launch(node);
        awaitRegistered(node);
        LOG.info("Restarted {}", node);
    }

    /**
     * The partition of a topic that holds the most records (ties: the lowest number), and the node that leads it.
     *
     * @throws IllegalStateException when the partition has no leader now
     */
    public PartitionLeader leaderOfBusiestPartition(String topic) {
        TopicDescription description = call(
                        admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
                .get(topic);
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            TopicPartition key = new TopicPartition(topic, partition.partition());
            latest.put(key, OffsetSpec.latest());
            earliest.put(key, OffsetSpec.earliest());
        }
        var ends = call(admin.listOffsets(latest).all(), "list end offsets of " + topic);
        var starts = call(admin.listOffsets(earliest).all(), "list start offsets of " + topic);
        TopicPartitionInfo busiest = description.partitions().stream()
                .max(Comparator.comparingLong((TopicPartitionInfo partition) -> {
                            TopicPartition key = new TopicPartition(topic, partition.partition());
                            return ends.get(key).offset() - starts.get(key).offset();
                        })
                        .thenComparing(TopicPartitionInfo::partition, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalStateException("topic " + topic + " has no partitions"));
        Node leader = busiest.leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException("partition " + busiest.partition() + " of " + topic + " has no leader");
        }
        TopicPartition key = new TopicPartition(topic, busiest.partition());
        return new PartitionLeader(key, ends.get(key).offset() - starts.get(key).offset(), leader.id());
    }

    /** @return the node id of the active controller (the KRaft quorum's leader) */
    public int activeController() {
        return call(admin.describeMetadataQuorum().quorumInfo(), "describe the metadata quorum")
                .leaderId();
    }

    /**
     * Waits until every partition of the given topics has all three replicas in sync (a restarted node has caught
     * up).
     */
    public void awaitFullyReplicated(Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lagging = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
                lagging = descriptions.values().stream()
                        .flatMap(description -> description.partitions().stream()
                                .filter(partition -> partition.isr().size() < SIZE)
                                .map(partition -> description.name() + "-" + partition.partition() + " isr "
                                        + partition.isr().stream().map(Node::id).toList()))
                        .collect(Collectors.joining(", "));
                if (lagging.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                lagging = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("not fully replicated within " + timeout + ": " + lagging);
    }

    /** Stops every node (SIGTERM, then SIGKILL after 30 s); the files stay. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        List<Thread> stoppers = new ArrayList<>();
        for (KafkaNode node : nodes.values()) {
            Thread stopper = new Thread(node::stop, "kafka-node-" + node.id() + "-stop");
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private KafkaNode node(int nodeId) {
        KafkaNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no Kafka node " + nodeId + "; the nodes are " + nodes.keySet());
        }
        return node;
    }

    private void launch(KafkaNode node) {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.add("-Dlogback.configurationFile=" + logbackConfig);
        node.start(NodeProperties.of(node, nodes.values()), clusterId, options);
    }

    private void awaitRegistered(KafkaNode node) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isRunning()) {
                throw new IllegalStateException(node + " exited while starting; see " + node.log());
            }
            try {
                boolean registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                        .anyMatch(registeredNode -> registeredNode.id() == node.id());
                if (registered) {
                    return;
                }
            } catch (ExecutionException | TimeoutException notYet) {
                // no node answers yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200);
        }
        throw new IllegalStateException(node + " did not register within " + START_TIMEOUT + "; see " + node.log());
    }

    private static <T> T call(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The nodes log warnings only (Kafka logs much at INFO), to their {@code node.log}. */
    private static Path writeLogbackConfig(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("logback-node.xml");
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A partition and its leader.
     *
     * @param partition the partition
     * @param records   records in it (end offset minus start offset, markers of transactions included)
     * @param leader    the node id of its leader
     */
    public record PartitionLeader(TopicPartition partition, long records, int leader) {}

    /** Properties of one node. */
    private static final class NodeProperties {

        private NodeProperties() {}

        static Properties of(KafkaNode node, Collection<KafkaNode> all) {
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", Integer.toString(node.id()));
            p.setProperty(
                    "controller.quorum.voters",
                    all.stream()
                            .map(voter -> voter.id() + "@" + HOST + ":" + voter.controllerPort())
                            .collect(Collectors.joining(",")));
            p.setProperty(
                    "listeners",
                    "PLAINTEXT://" + HOST + ":" + node.port() + ",CONTROLLER://" + HOST + ":" + node.controllerPort());
            p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + node.port());
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("log.dirs", node.log().getParent().resolve("data").toString());
            // production's settings (docs/production.md, deploy/compose/compose.yaml)
            p.setProperty("auto.create.topics.enable", "false");
            p.setProperty("default.replication.factor", "3");
            p.setProperty("min.insync.replicas", "2");
            p.setProperty("unclean.leader.election.enable", "false");
            p.setProperty("offsets.topic.replication.factor", "3");
            p.setProperty("transaction.state.log.replication.factor", "3");
            p.setProperty("transaction.state.log.min.isr", "2");
            p.setProperty("share.coordinator.state.topic.replication.factor", "3");
            p.setProperty("share.coordinator.state.topic.min.isr", "2");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            // fewer internal partitions than the defaults (50), so that they are created quickly on a small machine
            p.setProperty("offsets.topic.num.partitions", "5");
            p.setProperty("transaction.state.log.num.partitions", "5");
            p.setProperty("share.coordinator.state.topic.num.partitions", "5");
            p.setProperty("num.partitions", "3");
            // threads and buffers for a test machine: the cluster shares two cores with the services
            p.setProperty("num.network.threads", "2");
            p.setProperty("num.io.threads", "4");
            p.setProperty("background.threads", "4");
            p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
            return p;
        }
    }
}
