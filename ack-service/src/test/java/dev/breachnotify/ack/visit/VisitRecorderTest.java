package dev.breachnotify.ack.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.projection.ProjectionQueries.AccessCode;
import dev.breachnotify.events.ClientInfo;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.PageVisited;
import dev.breachnotify.events.Topic;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class VisitRecorderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final AccessCode CODE = new AccessCode("ADV-1", "P-1", "de", null);
    private static final ClientInfo CLIENT = new ClientInfo("Mozilla/5.0", "192.0.2.0/24");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void visitsArePublishedInTheBackgroundKeyedByPractice() throws Exception {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        VisitRecorder recorder = recorder(producer);

        recorder.visited(CODE, "GET", CLIENT);
        recorder.visited(CODE, "POST", CLIENT);

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo(Topic.ACKNOWLEDGEMENTS.topicName());
            assertThat(record.key()).isEqualTo("P-1");
        });
        PageVisited visit = (PageVisited)
                EventCodec.decode(producer.history().get(0).value()).payload();
        assertThat(visit.method()).isEqualTo("GET");
        assertThat(visit.visitedAt()).isEqualTo(CLOCK.instant());
        assertThat(visit.client()).isEqualTo(CLIENT);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("ack.visits.published").counter().count() == 2);
        recorder.close();
    }

    @Test
    void visitsKafkaRefusesAreCountedAsLostNotSilentlyDropped() throws Exception {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        VisitRecorder recorder = recorder(producer);
        Thread failer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                while (producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"))) {
                    // fail every send
                }
                Thread.onSpinWait();
            }
        });
        failer.setDaemon(true);
        failer.start();

        recorder.visited(CODE, "GET", CLIENT);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> meters.get("ack.visits.failed").counter().count() == 1);
        assertThat(meters.get("ack.visits.published").counter().count()).isZero();
        failer.interrupt();
        recorder.close();
    }

    private VisitRecorder recorder(MockProducer<String, byte[]> producer) {
        return new VisitRecorder(
                new EventFactory("ack-service", CLOCK), new EventPublisher(producer), CLOCK, new AckSettings(), meters);
    }
}
