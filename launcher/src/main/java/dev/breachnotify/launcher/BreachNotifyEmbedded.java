package dev.breachnotify.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mvnw -Prun}: runs the whole pipeline in this JVM until Ctrl-C. Options: see {@link PipelineSettings}
 * and {@code --help}; the run command passes {@code -Drun.args="..."} on as the system property
 * {@value #RUN_ARGS}, whose options follow (and so override) the command line's.
 *
 * <p>{@code --stop-with-parent=true} (set by the run command) makes the pipeline stop, PostgreSQL included, when
 * the process that started it ends, however it ends: an IDE's stop button or a service manager stops the Maven
 * process, sometimes with SIGKILL, which Maven cannot pass on to its child.
 */
public final class BreachNotifyEmbedded {

    static final String RUN_ARGS = "breachnotify.run.args";
    private static final String STOP_WITH_PARENT = "--stop-with-parent=true";

    private BreachNotifyEmbedded() {}

    public static void main(String[] args) throws Exception {
        List<String> options = options(args, System.getProperty(RUN_ARGS, ""));
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println(PipelineSettings.HELP);
            return;
        }
        boolean stopWithParent = options.removeIf(STOP_WITH_PARENT::equals);
        PipelineSettings settings;
        try {
            settings = PipelineSettings.parse(options.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("breach-notify: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        String busy = busyPort(settings);
        if (busy != null) {
            System.err.println("breach-notify: " + busy);
            System.exit(2);
            return;
        }
        long started = System.currentTimeMillis();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping breach-notify ...");
                            pipeline.close();
                            System.out.println("Stopped. Data kept in " + pipeline.dataDir());
                            stopped.countDown();
                        },
                        "breach-notify-shutdown"));
        if (stopWithParent) {
            ProcessHandle.current()
                    .parent()
                    .ifPresent(parent -> parent.onExit().thenRun(() -> {
                        System.out.println("The process that started breach-notify has ended.");
                        System.exit(0);
                    }));
        }
        System.out.println(pipeline.summary(System.currentTimeMillis() - started));
        stopped.await();
    }

    /**
     * The first of the pipeline's ports that is taken, as a sentence that says what to do; null if all are free.
     * Checked before anything starts, so that a second run command fails at once and clearly instead of half-way
     * with a server's stack trace.
     */
    static String busyPort(PipelineSettings settings) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka-port", settings.kafkaPort());
        ports.put(
                "kafka-port (its controller, the next port)", settings.kafkaPort() == 0 ? 0 : settings.kafkaPort() + 1);
        ports.put("postgres-port", settings.postgresPort());
        ports.put("smtp-port", settings.smtpPort());
        ports.put("notifier-port", settings.notifierPort());
        ports.put("ack-port", settings.ackPort());
        ports.put("audit-port", settings.auditPort());
        ports.put("console-port", settings.consolePort());
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            if (port.getValue() == 0) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.getValue()));
            } catch (IOException e) {
                String option = port.getKey().split(" ")[0];
                return "port " + port.getValue() + " (--" + port.getKey() + ") is in use: is breach-notify already "
                        + "running? Stop it, or choose another port: ./mvnw -Prun -Drun.args=\"--" + option + "=...\"";
            }
        }
        return null;
    }

    /** The command line's options followed by those of {@code run.args} (split at white space). */
    static List<String> options(String[] args, String runArgs) {
        List<String> options = new ArrayList<>(Arrays.asList(args));
        if (!runArgs.isBlank()) {
            options.addAll(Arrays.asList(runArgs.trim().split("\\s+")));
        }
        return options;
    }
}
