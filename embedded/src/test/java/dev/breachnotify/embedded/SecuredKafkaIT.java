package dev.breachnotify.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SASL_SSL listener: clients with the right settings produce and consume; a wrong password is refused. */
class SecuredKafkaIT {

    @TempDir
    Path dir;

    @Test
    void clientsNeedTlsAndTheirSaslPassword() throws Exception {
        SecuredListener secured = SecuredListener.create(dir.resolve("tls"), "breachnotify", "s3cret-for-tests");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, secured)) {
            Properties client = new Properties();
            client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.securedBootstrapServers());
            client.putAll(secured.clientProperties());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            Properties producer = new Properties();
            producer.putAll(client);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> sender = new KafkaProducer<>(producer)) {
                sender.send(new ProducerRecord<>("secured", "k", "over TLS")).get(30, TimeUnit.SECONDS);
            }
            Properties consumer = new Properties();
            consumer.putAll(client);
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-test");
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer)) {
                reader.subscribe(List.of("secured"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 30 && records.isEmpty(); i++) {
                    records = reader.poll(Duration.ofSeconds(1));
                }
                assertThat(records.iterator().next().value()).isEqualTo("over TLS");
            }

            Properties wrong = new Properties();
            wrong.putAll(client);
            wrong.put("sasl.jaas.config", SecuredListener.jaas("breachnotify", "guessed"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(Map.copyOf(secured.clientProperties())).containsEntry("security.protocol", "SASL_SSL");
        }
    }
}
