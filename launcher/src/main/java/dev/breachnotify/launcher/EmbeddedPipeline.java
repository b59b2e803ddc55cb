package dev.breachnotify.launcher;

import dev.breachnotify.embedded.EmbeddedIdentityProvider;
import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.FreePorts;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.security.PasswordHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: an in-process Kafka broker (KRaft), an embedded PostgreSQL with one database
 * per service, an SMTP server that captures every mail as an {@code .eml} file, and the three services, each in
 * its own class loader. Data lives under the data folder, so a restart keeps it. {@link #close()} stops the
 * services first, then the infrastructure.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPipeline.class);

    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private final List<IsolatedService> services = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private PipelineSettings settings;
    private LocalSecrets secrets;
    private LocalDkimKeys dkim;
    private boolean signMail = true;
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private MailCatcher mail;
    private EmbeddedIdentityProvider identityProvider;

    private EmbeddedPipeline() {}

    /** Starts everything, the notifier signing its mail with DKIM; on failure stops what was started and rethrows. */
    public static EmbeddedPipeline start(PipelineSettings requested) throws Exception {
        return start(requested, true);
    }

    /**
     * Starts everything; on failure stops what was started and rethrows.
     *
     * @param signMail whether the notifier signs its mail with the DKIM keys of {@code data/dkim/} (the run
     *                 command always does; a benchmark compared with an unsigned baseline may not)
     */
    public static EmbeddedPipeline start(PipelineSettings requested, boolean signMail) throws Exception {
        EmbeddedPipeline pipeline = new EmbeddedPipeline();
        pipeline.signMail = signMail;
        try {
            pipeline.startAll(requested);
            return pipeline;
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(PipelineSettings requested) throws Exception {
        Path dataDir = requested.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        OwnerOnly.restrict(dataDir);
        settings = requested.withDataDir(dataDir);
        secrets = LocalSecrets.loadOrCreate(dataDir);
        dkim = signMail ? LocalDkimKeys.loadOrCreate(dataDir) : null;

        identityProvider = EmbeddedIdentityProvider.start(0);
        infrastructure.add(identityProvider);
        mail = MailCatcher.start(settings.smtpPort(), dataDir.resolve("mail"));
        infrastructure.add(0, mail);
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), settings.kafkaPort());
        infrastructure.add(0, kafka);
        postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), settings.postgresPort());
        infrastructure.add(postgres);
        for (String database : List.of("notifier", "ack", "audit")) {
            postgres.createDatabaseIfMissing(database);
        }
        OwnerOnly.restrict(dataDir); // what the mail catcher, Kafka and PostgreSQL (pg-runtime) just wrote

        ports.put("notifier-service", freeIfZero(settings.notifierPort()));
        ports.put("ack-service", freeIfZero(settings.ackPort()));
        ports.put("audit-service", freeIfZero(settings.auditPort()));
        ports.put("console", freeIfZero(settings.consolePort()));

        Map<String, Object> common = commonProperties();
        ExecutorService starter = Executors.newFixedThreadPool(ServiceDescriptor.SERVICES.size());
        try {
            List<Future<IsolatedService>> starting = new ArrayList<>();
            for (ServiceDescriptor service : ServiceDescriptor.all()) {
                Map<String, Object> properties = new HashMap<>(common);
                properties.putAll(serviceProperties(service.name()));
                starting.add(starter.submit(() -> IsolatedService.start(service, properties)));
            }
            Exception failure = null;
            for (Future<IsolatedService> future : starting) {
                try {
                    services.add(future.get());
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starter.shutdown();
        }
        OwnerOnly.restrict(dataDir); // the services' folders: print, audit keys and checkpoints
    }

    private Map<String, Object> commonProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("breachnotify.kafka.topics.partitions", 3);
        properties.put("breachnotify.kafka.topics.replication-factor", 1);
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        // The embedded default speaks for a clearly fictitious vendor; a real one configures breachnotify.vendor.*
        VendorIdentity.SAMPLE.properties().forEach(properties::putIfAbsent);
        for (Map.Entry<String, String> user : LocalSecrets.USERS.entrySet()) {
            String prefix = "breachnotify.security.users." + user.getKey();
            properties.put(
                    prefix + ".password-hash",
                    PasswordHashes.hash(secrets.password(user.getKey()).toCharArray()));
            properties.put(prefix + ".roles", List.of(user.getValue()));
        }
        // the embedded provider's sign-in page takes any name: only these operator names get a role
        properties.put(
                "breachnotify.security.oidc.subject-mapping",
                LocalSecrets.USERS.entrySet().stream()
                        .map(user -> user.getKey() + "=" + user.getValue())
                        .collect(java.util.stream.Collectors.joining(",")));
        return properties;
    }

    private Map<String, Object> serviceProperties(String service) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", ports.get(service));
        if (!service.equals("console")) {
            // the services take the embedded provider's access tokens (the console signs in with it instead)
            properties.put("micronaut.security.token.jwt.signatures.jwks.operators.url", identityProvider.jwksUrl());
            properties.put("micronaut.security.token.jwt.claims-validators.issuer", identityProvider.issuer());
            properties.put(
                    "micronaut.security.token.jwt.claims-validators.audience", EmbeddedIdentityProvider.AUDIENCE);
        }
        switch (service) {
            case "notifier-service" -> {
                properties.put("datasources.default.url", postgres.jdbcUrl("notifier"));
                String relay = settings.smtpRelay();
                properties.put(
                        "breachnotify.notifier.smtp.host",
                        relay == null ? "127.0.0.1" : relay.substring(0, relay.lastIndexOf(':')));
                properties.put(
                        "breachnotify.notifier.smtp.port",
                        relay == null
                                ? mail.smtpPort()
                                : Integer.parseInt(relay.substring(relay.lastIndexOf(':') + 1)));
                properties.put("breachnotify.notifier.ack-base-url", ackUrl());
                properties.put("breachnotify.notifier.code-key", secrets.codeKey());
                if (dkim != null) {
                    properties.putAll(dkim.notifierProperties());
                }
                properties.put(
                        "breachnotify.notifier.print.folder",
                        settings.dataDir().resolve("print").toString());
                // a trial should see its letters soon; production waits for fuller batches (default 15m)
                properties.put("breachnotify.notifier.print.flush-after", "30s");
            }
            case "ack-service" -> {
                properties.put("datasources.default.url", postgres.jdbcUrl("ack"));
                properties.put("breachnotify.ack.form-key", secrets.formKey());
            }
            case "audit-service" -> {
                properties.put("datasources.default.url", postgres.jdbcUrl("audit"));
                // the checkpoint signing key and the published checkpoints (outside the database)
                properties.put(
                        "breachnotify.audit.data-dir",
                        settings.dataDir().resolve("audit").toString());
            }
            case "console" -> {
                // the console talks to the services over HTTP only, with the signed-in operator's access token
                properties.put("breachnotify.console.oidc.issuer", identityProvider.issuer());
                properties.put("breachnotify.console.oidc.client-id", EmbeddedIdentityProvider.CONSOLE_CLIENT_ID);
                properties.put("breachnotify.console.oidc.client-secret", secrets.consoleClientSecret());
                properties.put("breachnotify.console.session-secret", secrets.consoleSessionSecret());
                properties.put("breachnotify.console.notifier-url", notifierUrl());
                properties.put("breachnotify.console.ack-url", ackUrl());
                properties.put("breachnotify.console.audit-url", auditUrl());
            }
            default -> throw new IllegalArgumentException(service);
        }
        return properties;
    }

    public String notifierUrl() {
        return "http://localhost:" + ports.get("notifier-service");
    }

    public String ackUrl() {
        return "http://localhost:" + ports.get("ack-service");
    }

    public String auditUrl() {
        return "http://localhost:" + ports.get("audit-service");
    }

    public String consoleUrl() {
        return "http://localhost:" + ports.get("console");
    }

    /**
     * A new connection to the notifier's database, for benchmarks that prepare what the directory's API does not
     * write (the caller closes it).
     */
    public java.sql.Connection notifierDatabase() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
                postgres.jdbcUrl("notifier"), postgres.username(), postgres.password());
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public MailCatcher mail() {
        return mail;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The embedded OpenID Connect provider the console signs in with (loopback, any name, no password). */
    public EmbeddedIdentityProvider identityProvider() {
        return identityProvider;
    }

    /** The DKIM keys of the embedded default and their DNS TXT records ({@code null} when not signing). */
    LocalDkimKeys dkim() {
        return dkim;
    }

    /** The password of a demo user ({@code comms}, {@code dpo}, {@code admin}). */
    public String password(String user) {
        return secrets.password(user);
    }

    String summary(long startMillis) {
        return """

                breach-notify is running (embedded default, started in %.1f s)
                  web console       %s   sign in as comms (communications) or dpo (data protection)
                  sign-in           %s   (embedded OpenID Connect provider: takes any name, no password;
                                    for trying on your own machine only, never for production)
                  notifier-service  %s   directory, advisories, fan-out, email, letters, escalation
                  ack-service       %s   acknowledgement pages (/a/<code>, code entry at /)
                  audit-service     %s   audit log, signed checkpoints, exports, evidence report
                  Kafka (KRaft)     %s
                  PostgreSQL        localhost:%d   databases notifier, ack, audit
                  SMTP capture      localhost:%d   every mail is saved as .eml in %s
                  DKIM              %s
                  Data folder       %s   (print batches in print/, checkpoints and their key in audit/, DKIM keys in dkim/)
                  Users             comms (COMMUNICATIONS), dpo (DPO), admin (ADMIN)
                                    HTTP Basic passwords for scripts and breachctl: %s (. %s)
                Try it: README.md, section "Five minutes with the pipeline". Stop with Ctrl-C; data is kept.
                """.formatted(
                        startMillis / 1000.0,
                        consoleUrl(),
                        identityProvider.issuer(),
                        notifierUrl(),
                        ackUrl(),
                        auditUrl(),
                        kafka.bootstrapServers(),
                        postgres.port(),
                        mail.smtpPort(),
                        mail.emlDir(),
                        dkim == null
                                ? "off in this run"
                                : "mails are signed; check them against the DNS TXT records " + dkim.rsaRecord() + ", "
                                        + dkim.ed25519Record(),
                        settings.dataDir(),
                        secrets.credentialsFile(),
                        secrets.credentialsFile());
    }

    /** Stops the services (in parallel), then Kafka, the mail capture and PostgreSQL. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (IsolatedService service : services) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            service.close();
                        } catch (Exception e) {
                            LOG.warn("{} did not stop cleanly: {}", service.name(), e.toString());
                        }
                    },
                    "stop-" + service.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        for (AutoCloseable resource : infrastructure) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        infrastructure.clear();
    }

    private static int freeIfZero(int port) {
        return port != 0 ? port : FreePorts.next();
    }
}
