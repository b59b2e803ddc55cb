package dev.breachnotify.ack.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubmissionProjectionTest {

    @Test
    void aSubmissionReturnsOnceItsTransactionIsWritten() throws Exception {
        List<List<EventEnvelope<? extends EventPayload>>> transactions = new CopyOnWriteArrayList<>();
        SubmissionProjection projection = new SubmissionProjection(events -> {
            transactions.add(List.copyOf(events));
            return events.size();
        });
        List<EventEnvelope<? extends EventPayload>> submission = List.of(answer("P-1"), answer("P-1"));

        projection.apply(submission);

        assertThat(transactions).containsExactly(submission);
        projection.close();
    }

    @Test
    void submissionsThatArriveDuringATransactionShareTheNextOne() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        SubmissionProjection projection = new SubmissionProjection(events -> {
            sizes.add(events.size());
            if (sizes.size() == 1) {
                firstStarted.countDown();
                awaitLatch(releaseFirst);
            }
            return events.size();
        });
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            Future<?> first = clients.submit(() -> projection.apply(List.of(answer("P-0"))));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<?>> waiting = List.of(
                    clients.submit(() -> projection.apply(List.of(answer("P-1")))),
                    clients.submit(() -> projection.apply(List.of(answer("P-2")))),
                    clients.submit(() -> projection.apply(List.of(answer("P-3")))));
            await().atMost(Duration.ofSeconds(10)).until(() -> queued(projection) == 3);

            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<?> submission : waiting) {
                submission.get(10, TimeUnit.SECONDS);
            }

            assertThat(sizes).containsExactly(1, 3);
        } finally {
            clients.shutdownNow();
            projection.close();
        }
    }

    @Test
    void aFailedTransactionFailsEverySubmissionInIt() throws Exception {
        SubmissionProjection projection = new SubmissionProjection(events -> {
            throw new ProjectionStore.ProjectionException("database down", null);
        });

        assertThatThrownBy(() -> projection.apply(List.of(answer("P-1"))))
                .isInstanceOf(ProjectionStore.ProjectionException.class)
                .hasMessage("database down");
        projection.close();
    }

    private static int queued(SubmissionProjection projection) {
        return projection.queued();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static EventEnvelope<? extends EventPayload> answer(String practice) {
        return EventEnvelope.wrap(
                new AcknowledgementRecorded(UUID.randomUUID(), "ADV-1", practice, "Dr. A", Instant.now(), null),
                "test",
                Instant.now());
    }
}
