package dev.breachnotify.testsupport;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure every integration test uses: Kafka, PostgreSQL and an SMTP catcher, started once per JVM on
 * free ports (lazily, by the first {@link #get()}) and stopped by a JVM shutdown hook (mail, then Kafka, then
 * PostgreSQL).
 *
 * <p>Files go to a directory {@code run-<pid>} under the system property {@code breachnotify.test.work-dir} (the
 * parent pom sets it to {@code target/it-infra}; without it, a new temporary directory). Run directories of JVMs
 * that are gone are deleted on start, so the latest run stays for inspection (mails are in {@code run-<pid>/mail}).
 * The PostgreSQL binaries are unpacked once into {@code pg-runtime} under the work directory.
 *
 * <p>Existing infrastructure can be used instead, named by environment variables or system properties:
 * <ul>
 *   <li>{@code BREACHNOTIFY_TEST_KAFKA_BOOTSTRAP}: bootstrap servers of a Kafka cluster; no broker is started;</li>
 *   <li>{@code BREACHNOTIFY_TEST_JDBC_URL}, {@code BREACHNOTIFY_TEST_JDBC_USER},
 *       {@code BREACHNOTIFY_TEST_JDBC_PASSWORD}: the JDBC URL of an existing PostgreSQL server's maintenance
 *       database, e.g. {@code jdbc:postgresql://host:5432/postgres}, and a user allowed to create databases; test
 *       databases are created there.</li>
 * </ul>
 * Or, where a Docker engine exists, Kafka and PostgreSQL in containers ({@link ContainerInfrastructure}), chosen
 * with {@code BREACHNOTIFY_TEST_INFRA=testcontainers} or {@code auto} ({@link InfrastructureMode}); the settings
 * above still win for what they name.
 * The SMTP catcher is always started in this JVM, since tests read the mails from it.
 */
public final class TestInfrastructure {

    /** System property naming the directory for the infrastructure's files. */
    public static final String WORK_DIR_PROPERTY = "breachnotify.test.work-dir";
    /** Environment variable or system property: bootstrap servers of an external Kafka to use instead. */
    public static final String KAFKA_BOOTSTRAP = "BREACHNOTIFY_TEST_KAFKA_BOOTSTRAP";
    /** Environment variable or system property: JDBC URL of an external server's maintenance database. */
    public static final String JDBC_URL = "BREACHNOTIFY_TEST_JDBC_URL";
    /** Environment variable or system property: user for {@link #JDBC_URL}. */
    public static final String JDBC_USER = "BREACHNOTIFY_TEST_JDBC_USER";
    /** Environment variable or system property: password for {@link #JDBC_URL}. */
    public static final String JDBC_PASSWORD = "BREACHNOTIFY_TEST_JDBC_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final String RUN_PREFIX = "run-";

    private static TestInfrastructure instance;
    private static RuntimeException startFailure; // remembered, so that not every test waits for a failing start

    private final String kafkaBootstrapServers;
    private final EmbeddedPostgresServer postgres; // null when an external server is used
    private final String externalJdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final MailCatcher mail;
    private final Set<String> knownDatabases = ConcurrentHashMap.newKeySet();

    private TestInfrastructure(
            String kafkaBootstrapServers,
            EmbeddedPostgresServer postgres,
            String externalJdbcUrl,
            String dbUser,
            String dbPassword,
            MailCatcher mail) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.postgres = postgres;
        this.externalJdbcUrl = externalJdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.mail = mail;
    }

    /**
     * @return the infrastructure of this JVM, started by the first call
     * @throws IllegalStateException when it could not be started (then every later call fails the same way)
     */
    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            if (startFailure != null) {
                throw new IllegalStateException(
                        "The test infrastructure failed to start earlier in this JVM", startFailure);
            }
            try {
                instance = startAll();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /** @return the Kafka bootstrap servers */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /**
     * Creates the database unless it exists (on the embedded or the external server) and returns its JDBC URL.
     *
     * @param database letters, digits, {@code _} and {@code -}, at most 63 characters
     * @return the JDBC URL of that database; connect with {@link #dbUser()} and {@link #dbPassword()}
     */
    public String jdbcUrl(String database) {
        if (!knownDatabases.contains(database)) {
            if (postgres != null) {
                postgres.createDatabaseIfMissing(database);
            } else {
                EmbeddedPostgresServer.createDatabaseIfMissing(externalJdbcUrl, dbUser, dbPassword, database);
            }
            knownDatabases.add(database);
        }
        return postgres != null
                ? postgres.jdbcUrl(database)
                : EmbeddedPostgresServer.withDatabase(externalJdbcUrl, database);
    }

    /**
     * The settings a service's test context needs to reach this infrastructure: Kafka and its own database.
     *
     * @param database the service's database, created if missing (see {@link #jdbcUrl})
     * @return a mutable map, for the test to add its own settings to
     */
    public Map<String, String> serviceProperties(String database) {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        properties.put("datasources.default.url", jdbcUrl(database));
        properties.put("datasources.default.username", dbUser);
        properties.put("datasources.default.password", dbPassword);
        return properties;
    }

    /** @return the database user */
    public String dbUser() {
        return dbUser;
    }

    /** @return the database password (empty for the embedded server) */
    public String dbPassword() {
        return dbPassword;
    }

    /** @return the SMTP catcher; every test in the JVM shares it, so look for your own mails (or count from a mark) */
    public MailCatcher mail() {
        return mail;
    }

    /** @return the SMTP port on 127.0.0.1 */
    public int smtpPort() {
        return mail.smtpPort();
    }

    private static TestInfrastructure startAll() {
        long started = System.nanoTime();
        Path workDir = workDir();
        Path runDir = workDir.resolve(RUN_PREFIX + ProcessHandle.current().pid());
        deleteStaleRuns(workDir);
        deleteRecursively(runDir); // left over by an earlier JVM with the same pid
        createDirectories(runDir);

        String externalKafka = setting(KAFKA_BOOTSTRAP);
        String externalJdbc = setting(JDBC_URL);
        String externalUser = orEmpty(setting(JDBC_USER));
        String externalPassword = orEmpty(setting(JDBC_PASSWORD));
        ContainerInfrastructure containers = null;
        if (externalKafka == null || externalJdbc == null) {
            String mode = setting(InfrastructureMode.SETTING);
            if (InfrastructureMode.choose(mode, ContainerInfrastructure::dockerAvailable)
                    == InfrastructureMode.CONTAINERS) {
                containers = ContainerInfrastructure.start(
                        orDefault(
                                setting(ContainerInfrastructure.KAFKA_IMAGE),
                                ContainerInfrastructure.DEFAULT_KAFKA_IMAGE),
                        orDefault(
                                setting(ContainerInfrastructure.POSTGRES_IMAGE),
                                ContainerInfrastructure.DEFAULT_POSTGRES_IMAGE));
                externalKafka = externalKafka != null ? externalKafka : containers.kafkaBootstrapServers();
                if (externalJdbc == null) {
                    externalJdbc = containers.maintenanceJdbcUrl();
                    externalUser = containers.dbUser();
                    externalPassword = containers.dbPassword();
                }
            } else if (mode != null) {
                LOG.info(
                        "{}={}: no Docker engine answers, so Kafka and PostgreSQL run in-process",
                        InfrastructureMode.SETTING,
                        mode);
            }
        }

        // PostgreSQL is a separate process: start it in the background while Kafka starts in this thread.
        CompletableFuture<EmbeddedPostgresServer> postgresStart = externalJdbc != null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(
                        runDir.resolve("postgres"), 0, workDir.resolve("pg-runtime"), false));
        EmbeddedKafka kafka = null;
        EmbeddedPostgresServer postgres = null;
        MailCatcher mail = null;
        try {
            kafka = externalKafka != null ? null : EmbeddedKafka.start(runDir.resolve("kafka"), 0);
            mail = MailCatcher.start(0, runDir.resolve("mail"));
            postgres = postgresStart.join();
        } catch (RuntimeException e) {
            closeQuietly(mail);
            closeQuietly(kafka);
            try {
                closeQuietly(postgres != null ? postgres : postgresStart.join());
            } catch (CompletionException ignored) {
                // it failed to start: nothing to close
            }
            closeQuietly(containers);
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }

        TestInfrastructure infrastructure = new TestInfrastructure(
                kafka != null ? kafka.bootstrapServers() : externalKafka,
                postgres,
                externalJdbc,
                postgres != null ? postgres.username() : externalUser,
                postgres != null ? postgres.password() : externalPassword,
                mail);
        EmbeddedKafka startedKafka = kafka;
        EmbeddedPostgresServer startedPostgres = postgres;
        MailCatcher startedMail = mail;
        ContainerInfrastructure startedContainers = containers;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            closeQuietly(startedMail);
                            closeQuietly(startedKafka);
                            closeQuietly(startedPostgres);
                            closeQuietly(startedContainers);
                        },
                        "test-infrastructure-shutdown"));

        LOG.info(
                "Test infrastructure ready in {} ms: Kafka {} at {}, PostgreSQL {}, SMTP catcher at 127.0.0.1:{} "
                        + "(mails in {}); files in {}",
                (System.nanoTime() - started) / 1_000_000,
                kafka != null ? "embedded" : containers != null ? "in a container" : "external",
                infrastructure.kafkaBootstrapServers,
                postgres != null
                        ? "embedded at localhost:" + postgres.port()
                        : (containers != null ? "in a container at " : "external at ")
                                + externalJdbc.replaceFirst("\\?.*", "?..."), // parameters may hold secrets
                mail.smtpPort(),
                mail.emlDir(),
                runDir);
        return infrastructure;
    }

    private static Path workDir() {
        String configured = System.getProperty(WORK_DIR_PROPERTY);
        try {
            if (configured == null || configured.isBlank()) {
                return Files.createTempDirectory("breachnotify-it-");
            }
            Path dir = Path.of(configured).toAbsolutePath();
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the test work directory " + configured, e);
        }
    }

    /** Deletes {@code run-<pid>} directories of processes that no longer exist. */
    private static void deleteStaleRuns(Path workDir) {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(workDir, RUN_PREFIX + "*")) {
            for (Path run : runs) {
                String pid = run.getFileName().toString().substring(RUN_PREFIX.length());
                if (pid.chars().allMatch(Character::isDigit)
                        && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    deleteRecursively(run);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not clean up old runs in {}", workDir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    /** A system property, else an environment variable; blank counts as unset. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Could not close {}", resource.getClass().getSimpleName(), e);
        }
    }
}
