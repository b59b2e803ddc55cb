package dev.breachnotify.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A service as the launcher runs it: its main class and the jars of its own runtime class path, as written by
 * the service module's build ({@code target/runtime.classpath}).
 */
record ServiceDescriptor(String name, String mainClass, Path jar, Path classpathFile) {

    /** The three services and the web console, which the launcher runs the same way. */
    static final List<String> SERVICES = List.of("notifier-service", "ack-service", "audit-service", "console");

    static List<ServiceDescriptor> all() {
        Properties properties = new Properties();
        try (InputStream in = ServiceDescriptor.class.getResourceAsStream("/breachnotify-services.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SERVICES.stream()
                .map(name -> new ServiceDescriptor(
                        name,
                        properties.getProperty(name + ".main"),
                        Path.of(properties.getProperty(name + ".jar")),
                        Path.of(properties.getProperty(name + ".classpath"))))
                .toList();
    }

    /** The service's class path; fails with what to run when the service has not been built. */
    URL[] classpath() {
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(name + " is not built (missing " + jar + " or " + classpathFile
                    + "); run ./mvnw -DskipTests package first");
        }
        try {
            List<URL> urls = new ArrayList<>();
            urls.add(jar.toUri().toURL());
            String entries =
                    Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
            for (String entry : entries.split(Pattern.quote(java.io.File.pathSeparator))) {
                if (!entry.isBlank()) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
