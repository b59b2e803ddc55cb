package dev.breachnotify.ack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the ack-service integration tests share: codes, publishing as the notifier would, page tokens. */
final class AckTestSupport {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\"\\s+value=\"([^\"]+)\"");

    private AckTestSupport() {}

    /** ack-service against the shared test infrastructure, on a random port. */
    static Map<String, String> infrastructureProperties() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        Map<String, String> properties = infrastructure.serviceProperties("ack");
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    /** A plain producer, as the notifier's would be. */
    static KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static AckCode newCode() {
        return AckCode.fromBytes(randomBytes(10));
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Publishes an event as notifier-service would, and waits for Kafka's acknowledgement. */
    static void publish(KafkaProducer<String, byte[]> producer, EventPayload payload) {
        EventEnvelope<EventPayload> event = EventEnvelope.wrap(payload, "notifier-service", Instant.now());
        try {
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encode(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event.type(), e);
        }
    }

    /** Whether ack-service's projection holds the code for the advisory (and, if asked, the practice). */
    static boolean projected(AckCode code, String advisory, boolean withPractice) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        try (Connection connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl("ack"), infrastructure.dbUser(), infrastructure.dbPassword());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM access_code c JOIN advisory a ON a.advisory_id = c.advisory_id"
                                + (withPractice ? " JOIN practice p ON p.practice_id = c.practice_id" : "")
                                + " WHERE c.code_hash = ? AND a.advisory_id = ?")) {
            query.setString(1, code.hash());
            query.setString(2, advisory);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1) == 1;
            }
        }
    }

    /** The form token of a page. */
    static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page has a form token").isTrue();
        return matcher.group(1);
    }
}
