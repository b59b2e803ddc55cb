package dev.breachnotify.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Kafka cluster (KRaft, broker and controller in one node) running inside this JVM.
 *
 * <p>The log directory is persistent: when it already holds a formatted log ({@code meta.properties}) it is reused
 * with its cluster id, so a restart on the same directory keeps topics, records and committed offsets. Topics are
 * never created automatically ({@code auto.create.topics.enable=false}); create them with the admin client.
 *
 * <p>Kafka handles a fatal fault by halting the JVM ({@code Exit.halt}). While an {@code EmbeddedKafka} starts or
 * stops, such a fault throws an exception instead (so a busy port or a broken log directory fails {@link #start}
 * rather than ending the process, and {@link #close()} never halts); in between, a fatal fault of a running broker
 * still halts the JVM, as in a standalone broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** While positive, Kafka's {@code Exit.halt} and {@code Exit.exit} throw instead of ending the JVM. */
    private static final AtomicInteger EXIT_GUARDS = new AtomicInteger();

    private static final AtomicBoolean EXIT_GUARD_INSTALLED = new AtomicBoolean();

    private final KafkaRaftServer server;
    private final Path logDir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final int securedPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(
            KafkaRaftServer server, Path logDir, String clusterId, int port, int controllerPort, int securedPort) {
        this.server = server;
        this.logDir = logDir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.securedPort = securedPort;
    }

    /**
     * Starts the broker and returns once it serves requests.
     *
     * @param logDir the log directory; created if missing, formatted if it holds no log yet, reused otherwise
     * @param port   the client port on 127.0.0.1, or 0 for a free port. The controller listens on {@code port + 1}
     *               (or on a free port when {@code port} is 0)
     * @return the running broker
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        return start(logDir, port, null);
    }

    /**
     * Starts the broker with a second client listener that requires TLS and SASL/PLAIN (security protocol
     * {@code SASL_SSL}, what a production cluster asks of its clients), besides the plaintext one.
     *
     * @param logDir  the log directory; created if missing, formatted if it holds no log yet, reused otherwise
     * @param port    the plaintext client port, or 0 for a free port (the controller and the secured listener
     *                take free ports)
     * @param secured the TLS material and the one SASL user of the secured listener, or null for none
     * @return the running broker
     */
    public static EmbeddedKafka start(Path logDir, int port, SecuredListener secured) {
        if (port < 0 || port > 65534) {
            throw new IllegalArgumentException("port must be 0 or 1..65534: " + port);
        }
        long started = System.nanoTime();
        installExitGuard();
        EXIT_GUARDS.incrementAndGet();
        try {
            Path dir = logDir.toAbsolutePath();
            Files.createDirectories(dir);
            int brokerPort = port == 0 ? FreePorts.next() : requireFree(port, "client");
            int controllerPort = port == 0 ? FreePorts.next() : requireFree(port + 1, "controller");
            int securedPort = secured == null ? 0 : FreePorts.next();
            Properties properties = brokerProperties(dir, brokerPort, controllerPort);
            if (secured != null) {
                secured.configure(properties, HOST, securedPort);
            }
            KafkaConfig config = KafkaConfig.fromProps(properties, false);

            Path metaProperties = dir.resolve("meta.properties");
            boolean reused = Files.exists(metaProperties);
            String clusterId =
                    reused ? readClusterId(metaProperties) : Uuid.randomUuid().toString();
            if (!reused) {
                format(properties, clusterId);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                // Returns once the broker is registered, caught up with the metadata and unfenced.
                server.startup();
            } catch (RuntimeException e) {
                shutDown(server);
                throw e;
            }
            LOG.info(
                    "Kafka broker started on {}:{} (controller port {}) in {} ms, {} log directory {}, cluster id {}",
                    HOST,
                    brokerPort,
                    controllerPort,
                    (System.nanoTime() - started) / 1_000_000,
                    reused ? "reused" : "new",
                    dir,
                    clusterId);
            return new EmbeddedKafka(server, dir, clusterId, brokerPort, controllerPort, securedPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Kafka broker in " + logDir, e);
        } finally {
            EXIT_GUARDS.decrementAndGet();
        }
    }

    /** @return the bootstrap servers for clients, e.g. {@code 127.0.0.1:9092} */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * @return the bootstrap servers of the SASL_SSL listener
     * @throws IllegalStateException when the broker was started without one
     */
    public String securedBootstrapServers() {
        if (securedPort == 0) {
            throw new IllegalStateException("this broker was started without a secured listener");
        }
        return HOST + ":" + securedPort;
    }

    /** @return the client port */
    public int port() {
        return port;
    }

    /** @return the controller (KRaft quorum) port */
    public int controllerPort() {
        return controllerPort;
    }

    /** @return the cluster id stored in the log directory */
    public String clusterId() {
        return clusterId;
    }

    /** @return the log directory */
    public Path logDir() {
        return logDir;
    }

    /**
     * Shuts the broker down and waits for it, at most 30 s (then it logs a warning and gives up instead of hanging).
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        Thread stopper = new Thread(() -> shutDown(server), "embedded-kafka-shutdown");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(SHUTDOWN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("Kafka broker on port {} did not shut down within {}; giving up waiting", port, SHUTDOWN_TIMEOUT);
        } else {
            LOG.info("Kafka broker on port {} shut down in {} ms", port, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static void shutDown(KafkaRaftServer server) {
        EXIT_GUARDS.incrementAndGet();
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while shutting down the Kafka broker", e);
        } finally {
            EXIT_GUARDS.decrementAndGet();
        }
    }

    /**
     * Replaces Kafka's exit and halt procedures (by default {@code System.exit} and {@code Runtime.halt}) by ones
     * that do the same, except while an embedded broker starts or stops: then they throw.
     */
    private static void installExitGuard() {
        if (EXIT_GUARD_INSTALLED.compareAndSet(false, true)) {
            Exit.setHaltProcedure((code, message) -> {
                throwIfGuarded("halt", code, message);
                Runtime.getRuntime().halt(code);
            });
            Exit.setExitProcedure((code, message) -> {
                throwIfGuarded("exit", code, message);
                System.exit(code);
            });
        }
    }

    private static void throwIfGuarded(String what, int code, String message) {
        if (EXIT_GUARDS.get() > 0) {
            throw new IllegalStateException("Kafka hit a fatal fault and asked to " + what + " the JVM (status " + code
                    + (message == null ? "" : ", " + message) + "); see the log above");
        }
    }

    private static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // Internal topics: one replica, and fewer partitions than the default 50 so they are created quickly.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "5");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Without it the log cleaner allocates a 128 MB dedupe buffer (heap ~160 MB instead of ~35 MB).
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    /**
     * Formats the log directory: {@code kafka-storage.sh format -t <clusterId> -c <config>}, run in this JVM. The
     * tool reads its configuration from a file, so the properties go to a short-lived temporary file.
     */
    private static void format(Properties properties, String clusterId) throws IOException {
        Path configFile = Files.createTempFile("embedded-kafka-", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try {
            try (OutputStream out = Files.newOutputStream(configFile)) {
                properties.store(out, "embedded Kafka, for formatting only");
            }
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(
                        new String[] {"format", "--config", configFile.toString(), "--cluster-id", clusterId}, out);
            } catch (Exception e) { // the Scala tool may throw checked exceptions it does not declare
                throw new IllegalStateException(
                        "Could not format the Kafka log directory: "
                                + output.toString(StandardCharsets.UTF_8).strip(),
                        e);
            }
        } finally {
            Files.deleteIfExists(configFile);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Could not format the Kafka log directory (exit code " + exitCode + "): "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
        LOG.debug(
                "Formatted Kafka log directory: {}",
                output.toString(StandardCharsets.UTF_8).strip());
    }

    private static String readClusterId(Path metaProperties) throws IOException {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            meta.load(in);
        }
        String id = meta.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(metaProperties + " holds no cluster.id");
        }
        return id;
    }

    /** Kafka halts the JVM when it cannot bind a port, so check first (for a clear message; a race stays possible). */
    private static int requireFree(int port, String listener) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (BindException e) {
            throw new IllegalStateException(
                    "Cannot start Kafka: the " + listener + " port " + HOST + ":" + port + " is in use", e);
        }
    }
}
