package dev.breachnotify.platform.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Whether the service's database answers, within {@link #WAIT}: a connection from the pool and
 * {@code Connection.isValid}. It replaces Micronaut's {@code jdbc} indicator (switched off with
 * {@code endpoints.health.jdbc.enabled: false}), which asks the pool like any caller and so, with the database
 * gone, answers only when the pool gives up (Hikari's {@code connection-timeout}, 30 s): longer than any probe
 * waits, and every probe held a thread meanwhile. Here at most one connection attempt is under way at a time;
 * a probe that finds one running waits for it at most {@link #WAIT} and reports DOWN if it has not succeeded by
 * then. So {@code /health} says DOWN within about {@link #WAIT} of the database going away, and UP as soon as the
 * pool has a connection again.
 */
@Singleton
@Requires(beans = DataSource.class)
public class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    /** How long a probe waits for a connection before it reports DOWN. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private static final int VALID_SECONDS = 2;

    private final DataSource dataSource;
    private final ExecutorService connector = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "database-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Map<String, Object>> attempt; // guarded by this

    public DatabaseHealthIndicator(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        // the pool itself, not a transaction-aware wrapper
        this.dataSource = (resolver != null ? resolver : DataSourceResolver.DEFAULT).resolve(dataSource);
    }

    @Override
    protected String getName() {
        return "jdbc";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        CompletableFuture<Map<String, Object>> running;
        synchronized (this) {
            if (attempt == null || attempt.isDone()) {
                attempt = CompletableFuture.supplyAsync(this::connect, connector);
            }
            running = attempt;
        }
        Map<String, Object> details;
        try {
            details = running.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            details = Map.of(
                    "problem", "no database connection within " + WAIT.toSeconds() + " s; the pool is still trying");
        } catch (ExecutionException e) {
            details = Map.of("problem", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details = Map.of("problem", "interrupted");
        }
        healthStatus = details.containsKey("problem") ? HealthStatus.DOWN : HealthStatus.UP;
        return details;
    }

    private Map<String, Object> connect() {
        Map<String, Object> details = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALID_SECONDS)) {
                details.put("problem", "the connection is not valid");
            } else {
                DatabaseMetaData metaData = connection.getMetaData();
                details.put("database", metaData.getDatabaseProductName());
                details.put("version", metaData.getDatabaseProductVersion());
            }
        } catch (SQLException e) {
            // the message only: it names the pool and the timeout, never rows or bound values
            details.put("problem", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return details;
    }

    @PreDestroy
    void stop() {
        connector.shutdownNow();
    }
}
