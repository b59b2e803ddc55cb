package dev.breachnotify.launcher;

import dev.breachnotify.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;

/**
 * A PostgreSQL server that a test can stop and start again, as an operator restarts the database server: the same
 * port and the same (durable) data directory, so that the services' connection settings stay valid and every
 * committed row survives. Stopping is PostgreSQL's fast shutdown: open connections are closed at once.
 */
final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    private RestartablePostgres(Path dataDir, EmbeddedPostgresServer server) {
        this.dataDir = dataDir;
        this.port = server.port();
        this.server = server;
    }

    static RestartablePostgres start(Path dataDir) {
        return new RestartablePostgres(dataDir, EmbeddedPostgresServer.start(dataDir, 0));
    }

    /** @return the running server (a new object after each {@link #start()}) */
    synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return server;
    }

    /** Stops the server and waits until it is gone. */
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the server again on the same port and data directory. */
    synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(dataDir, port);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
