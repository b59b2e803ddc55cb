package dev.breachnotify.ack.visit;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.projection.ProjectionQueries.AccessCode;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code acknowledgement.page.visited} events: the audit trail of who reached a code's page, when.
 *
 * <p>A visit is not a change of the acknowledgement's state: a GET still records no acknowledgement and no
 * confirmation; the event only says that the page was accessed, as a web server's access log would, but
 * durable and keyed to the practice.
 *
 * <p>The request does not wait for Kafka: {@link #visited} only queues, and one thread publishes in batches.
 * Visits are never lost silently: a full queue, or a batch Kafka refuses after the retries, is logged and
 * counted ({@code ack.visits.dropped}, {@code ack.visits.failed}); {@code ack.visits.published} counts the rest.
 */
@Singleton
public class VisitRecorder {

    static final int MAX_BATCH = 500;
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);

    private final EventFactory events;
    private final EventPublisher publisher;
    private final Clock clock;
    private final BlockingQueue<EventEnvelope<PageVisited>> queue;
    private final Counter published;
    private final Counter failed;
    private final Counter dropped;
    private final Thread worker;
    private volatile boolean running = true;

    public VisitRecorder(
            EventFactory events, EventPublisher publisher, Clock clock, AckSettings settings, MeterRegistry meters) {
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.getVisitQueueCapacity()));
        this.published = Counter.builder("ack.visits.published")
                .description("visit events in Kafka")
                .register(meters);
        this.failed = Counter.builder("ack.visits.failed")
                .description("visit events Kafka did not take after retries: lost")
                .register(meters);
        this.dropped = Counter.builder("ack.visits.dropped")
                .description("visit events dropped because the queue was full: lost")
                .register(meters);
        meters.gauge("ack.visits.queued", queue, BlockingQueue::size);
        this.worker = new Thread(this::publishLoop, "visit-publisher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues the visit of a valid code's page; returns at once. */
    public void visited(AccessCode code, String method, ClientInfo client) {
        EventEnvelope<PageVisited> event = events.wrap(new PageVisited(
                UUID.randomUUID(), code.advisoryId(), code.practiceId(), method, clock.instant(), client));
        if (!queue.offer(event)) {
            dropped.increment();
            LOG.error(
                    "Visit {} dropped: {} visits are waiting for Kafka",
                    event.payload().visitId(),
                    queue.size());
        }
    }

    private void publishLoop() {
        List<EventEnvelope<PageVisited>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                EventEnvelope<PageVisited> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void publish(List<EventEnvelope<PageVisited>> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publishAll(batch);
                published.increment(batch.size());
                return;
            } catch (EventPublisher.EventPublishException e) {
                if (attempt >= ATTEMPTS || !running) {
                    failed.increment(batch.size());
                    LOG.error(
                            "{} visit events lost, Kafka refused them {} times: {}",
                            batch.size(),
                            attempt,
                            e.getMessage());
                    return;
                }
                LOG.warn("Visit events not published (attempt {}), retrying: {}", attempt, e.getMessage());
                TimeUnit.MILLISECONDS.sleep(500L * attempt);
            }
        }
    }

    /** Publishes what is queued, for up to ten seconds, before the producer closes. */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        worker.join(10_000);
        if (!queue.isEmpty()) {
            failed.increment(queue.size());
            LOG.error("{} visit events lost at shutdown", queue.size());
        }
    }
}
