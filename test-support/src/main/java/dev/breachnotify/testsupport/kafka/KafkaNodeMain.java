package dev.breachnotify.testsupport.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One node of a {@link KafkaCluster} (broker and controller combined, KRaft), run as a process of its own:
 * {@code java -cp <test class path> KafkaNodeMain <server.properties> <cluster id>}. Formats the log directory
 * with the cluster id when it holds no log yet, then runs the node until the process is stopped. SIGTERM shuts
 * the node down cleanly; {@code kill -9} is a crash, as for a real broker. The node ends itself when its standard
 * input ends, which is when the test JVM that started it is gone, however it ended: no broker outlives its test.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaNodeMain <server.properties> <cluster id>");
            System.exit(2);
        }
        exitWhenParentIsGone();
        Path configFile = Path.of(args[0]);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            properties.load(in);
        }
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(configFile, args[1]);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown();
                            server.awaitShutdown();
                        },
                        "kafka-node-shutdown"));
        server.startup();
        System.out.println("kafka node " + properties.getProperty("node.id") + " started");
        server.awaitShutdown();
    }

    /** The parent holds the other end of standard input; end of input means it is gone. */
    private static void exitWhenParentIsGone() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // nothing is sent; wait for the end
                        }
                    } catch (IOException e) {
                        // the pipe broke: the parent is gone as well
                    }
                    System.err.println("kafka node: the process that started it is gone; halting");
                    Runtime.getRuntime().halt(3);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void format(Path configFile, String clusterId) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "--config", configFile.toString(), "--cluster-id", clusterId}, out);
        }
        System.out.println(output.toString(StandardCharsets.UTF_8).strip());
        if (exitCode != 0) {
            throw new IllegalStateException("could not format the log directory (exit code " + exitCode + ")");
        }
    }
}
