package dev.breachnotify.ack.projection;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;

/**
 * Writes the submit path's own events into the projection with group commit: submissions that arrive while a
 * transaction is being written wait and go together into the next one, which one thread writes through
 * {@link ProjectionStore#apply}. Each caller returns once the transaction that holds its events has committed.
 *
 * <p>Why: the answers of one practice are rows that every submission of that practice updates, so their
 * transactions run one after the other; with one transaction (and one commit to disk) per submission, a busy
 * practice, or many at once, wait for each other's commits. The events are in Kafka before they get here, so a
 * failed transaction loses nothing: the listener applies them (see {@link ProjectionListener}).
 */
@Singleton
public class SubmissionProjection {

    static final int MAX_SUBMISSIONS_PER_TRANSACTION = 200;
    private static final long WAIT_SECONDS = 30;

    private final ToIntFunction<List<EventEnvelope<? extends EventPayload>>> store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    @Inject
    public SubmissionProjection(ProjectionStore store) {
        this(store::apply);
    }

    SubmissionProjection(ToIntFunction<List<EventEnvelope<? extends EventPayload>>> store) {
        this.store = store;
        this.writer = new Thread(this::writeLoop, "submission-projection");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Applies the events of one submission and waits until they are committed.
     *
     * @throws ProjectionStore.ProjectionException if the transaction failed or did not commit in time; the
     *                                             events may then still be applied, by the listener
     */
    public void apply(Collection<? extends EventEnvelope<? extends EventPayload>> events) {
        if (events.isEmpty()) {
            return;
        }
        Pending pending = new Pending(List.copyOf(events), new CompletableFuture<>());
        if (!running) {
            throw new ProjectionStore.ProjectionException("the service is stopping", null);
        }
        queue.add(pending);
        try {
            pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ProjectionStore.ProjectionException failed
                    ? failed
                    : new ProjectionStore.ProjectionException("could not update the projections", e.getCause());
        } catch (TimeoutException e) {
            throw new ProjectionStore.ProjectionException("not committed within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectionStore.ProjectionException("interrupted while waiting for the projection", e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_SUBMISSIONS_PER_TRANSACTION - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<EventEnvelope<? extends EventPayload>> events = new ArrayList<>();
        batch.forEach(pending -> events.addAll(pending.events()));
        // Acknowledgements and confirmations are rows of two tables in which the latest submission wins, so their
        // order does not matter; grouped by type, each type goes to the database as one batch (StatementBatches).
        events.sort(Comparator.comparing(EventEnvelope::type));
        try {
            store.applyAsInt(events);
            batch.forEach(pending -> pending.done().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.done().completeExceptionally(e));
        }
    }

    /** Submissions waiting for the next transaction. */
    int queued() {
        return queue.size();
    }

    /** Writes what is queued, then stops. */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        writer.join(10_000);
    }

    private record Pending(List<EventEnvelope<? extends EventPayload>> events, CompletableFuture<Void> done) {}
}
