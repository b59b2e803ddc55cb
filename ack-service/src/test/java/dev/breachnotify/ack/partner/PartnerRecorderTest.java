package dev.breachnotify.ack.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breachnotify.ack.partner.PartnerQueries.PartnerAccess;
import dev.breachnotify.ack.projection.ProjectionStore;
import dev.breachnotify.ack.projection.SubmissionProjection;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import io.micronaut.configuration.kafka.TransactionalProducerRegistry;
import io.micronaut.core.type.Argument;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder's use of the Kafka transaction, against Kafka's own {@link MockProducer}: all answers of a
 * submission in one transaction, and a failed commit aborts it, leaving nothing. (Real Kafka: {@code PartnerPageIT}.)
 */
class PartnerRecorderTest {

    private static final PartnerAccess ACCESS =
            new PartnerAccess("ADV-1", "IT-1", "de", null, null, null, null, false, "Systemhaus");

    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    // the projection is not reached in the failing case; in the good one its failure is only logged
    private final SubmissionProjection projection = new SubmissionProjection(new ProjectionStore(null));
    private final PartnerRecorder recorder = new PartnerRecorder(
            new EventFactory("ack-service", Clock.systemUTC()), projection, registry(), Clock.systemUTC());

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void allAnswersOfASubmissionAreOneCommittedTransaction() {
        List<PartnerAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            answers.add(PartnerAnswer.changed("P" + i, "ti-konnektor", LocalDate.of(2026, 12, 1)));
        }
        answers.add(PartnerAnswer.notOurJob("P0", "praxis-admin"));

        recorder.record(ACCESS, answers, "Max Admin");

        MockProducer<String, byte[]> producer = producers.get(0);
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(producer.history()).hasSize(501);
        assertThat(producer.history().stream()
                        .map(record -> EventCodec.decode(record.value()).payload())
                        .map(payload -> payload instanceof dev.breachnotify.events.CredentialRotationConfirmed c
                                ? c.submissionId()
                                : ((dev.breachnotify.events.PartnerResponsibilityDeclined) payload).submissionId())
                        .distinct())
                .hasSize(1);
    }

    @Test
    void aFailedCommitAbortsTheTransactionAndNothingIsPublished() {
        recorder.onStartup(null);
        MockProducer<String, byte[]> producer = producers.get(0);
        producer.commitTransactionException = new KafkaException("broker gone");

        assertThatThrownBy(() -> recorder.record(
                        ACCESS,
                        List.of(
                                PartnerAnswer.changed("P1", "ti-konnektor", LocalDate.of(2026, 12, 1)),
                                PartnerAnswer.changed("P2", "ti-konnektor", LocalDate.of(2026, 12, 1))),
                        "Max Admin"))
                .isInstanceOf(EventPublisher.EventPublishException.class);
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
    }

    private TransactionalProducerRegistry registry() {
        return new TransactionalProducerRegistry() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Producer<K, V> getTransactionalProducer(
                    String clientId, String transactionalId, Argument<K> keyType, Argument<V> valueType) {
                MockProducer<String, byte[]> producer =
                        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
                producer.initTransactions();
                producers.add(producer);
                return (Producer<K, V>) producer;
            }

            @Override
            public void close(Producer<?, ?> producer) {
                producer.close();
            }
        };
    }
}
