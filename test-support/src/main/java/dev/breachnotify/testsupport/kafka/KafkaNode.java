package dev.breachnotify.testsupport.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link KafkaCluster}: its ports, its files, and the process that runs it while it runs. Its log
 * directory outlives the process, so a restart resumes with the node's data, as a real broker would.
 */
final class KafkaNode {

    private final int id;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private Process process;

    KafkaNode(int id, int port, int controllerPort, Path dir) {
        this.id = id;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
    }

    int id() {
        return id;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    Path log() {
        return dir.resolve("node.log");
    }

    /** Writes the node's configuration (once) and starts its process; does not wait for it to serve. */
    synchronized void start(Properties properties, String clusterId, List<String> jvmOptions) {
        if (isRunning()) {
            throw new IllegalStateException("Kafka node " + id + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                properties.store(out, "Kafka node " + id + " of a KafkaCluster");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-cp",
                    classPath(),
                    KafkaNodeMain.class.getName(),
                    config.toAbsolutePath().toString(),
                    clusterId));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Kafka node " + id, e);
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGKILL: the node gets no chance to flush, close its log segments or leave the quorum. */
    void kill() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, 30);
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    void stop() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, 30)) {
                kill();
            }
        }
    }

    private static boolean waitFor(Process process, int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The class path of this JVM, which holds the Kafka broker's jars. Surefire and Failsafe may start the test
     * JVM with a manifest-only jar and name the real class path in {@code surefire.test.class.path}.
     */
    private static String classPath() {
        String test = System.getProperty("surefire.test.class.path");
        String own = System.getProperty("java.class.path");
        String path = test != null && !test.isBlank() ? test : own;
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("this JVM names no class path to start a Kafka node with");
        }
        return path;
    }

    @Override
    public String toString() {
        return "Kafka node " + id + " (127.0.0.1:" + port + ", pid " + pid() + ")";
    }
}
