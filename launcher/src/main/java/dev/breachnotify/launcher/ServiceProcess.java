package dev.breachnotify.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One service in a separate JVM process, started from its runtime class path with its configuration as system
 * properties, for the tests that kill a service ({@code kill -9}) or run several instances of it. Its output
 * goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final java.util.regex.Pattern ENVIRONMENT_VARIABLE =
            java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]*");

    private final String name;
    private final Process process;
    private final int port;

    private ServiceProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a service and waits until its health endpoint answers.
     *
     * @param service    {@code notifier-service}, {@code ack-service} or {@code audit-service}
     * @param properties its configuration; {@code micronaut.server.port} must be set. Keys in environment-variable
     *                   form ({@code KAFKA_SECURITY_PROTOCOL}) are set in the process's environment, as in
     *                   production; the others are passed as system properties
     * @param log        where its output goes (appended)
     */
    public static ServiceProcess start(String service, Map<String, Object> properties, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ServiceDescriptor descriptor = ServiceDescriptor.all().stream()
                .filter(candidate -> candidate.name().equals(service))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
        String classpath = java.util.Arrays.stream(descriptor.classpath())
                .map(url -> {
                    try {
                        return Path.of(url.toURI()).toString();
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1"));
        Map<String, String> environment = new java.util.HashMap<>();
        properties.forEach((key, value) -> {
            if (ENVIRONMENT_VARIABLE.matcher(key).matches()) {
                environment.put(key, String.valueOf(value));
            } else {
                command.add("-D" + key + "=" + value);
            }
        });
        command.addAll(List.of("-cp", classpath, descriptor.mainClass()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        int port = Integer.parseInt(String.valueOf(properties.get("micronaut.server.port")));
        ServiceProcess started = new ServiceProcess(service, process, port);
        started.awaitHealthy(timeout, log);
        return started;
    }

    private void awaitHealthy(Duration timeout, Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop (SIGTERM). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
