package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.embedded.EmbeddedKafka;
import dev.breachnotify.embedded.EmbeddedPostgresServer;
import dev.breachnotify.embedded.MailCatcher;
import dev.breachnotify.embedded.SecuredListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Production Kafka asks for TLS and SASL: a notifier-service process configured only through the documented
 * environment variables {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*} and {@code KAFKA_SSL_TRUSTSTORE_*} creates its topics,
 * imports, fans out (transactions) and sends through a broker that accepts nothing else, and its log holds
 * neither the SASL password nor the trust store's.
 */
class KafkaSecurityIT {

    private static final String SASL_PASSWORD = "sasl-pw-" + Long.toHexString(System.nanoTime());
    private static final int PRACTICES = 50;

    @Test
    void theNotifierWorksThroughASaslSslListener() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "kafka-security")), "run-");
        SecuredListener secured = SecuredListener.create(work.resolve("tls"), "notifier", SASL_PASSWORD);
        try (MailCatcher mail = MailCatcher.start(0, null);
                EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0, secured);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
            postgres.createDatabaseIfMissing("notifier");
            Map<String, Object> properties = SyntheticAdvisory.notifierProperties(kafka, postgres, mail, 2, 100);
            // as an operator would: environment variables only (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...)
            properties.remove("kafka.bootstrap.servers");
            properties.put("KAFKA_BOOTSTRAP_SERVERS", kafka.securedBootstrapServers());
            secured.clientProperties()
                    .forEach((key, value) -> properties.put(
                            "KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));

            Path log = work.resolve("notifier.log");
            try (ServiceProcess notifier =
                    ServiceProcess.start("notifier-service", properties, log, Duration.ofSeconds(90))) {
                SyntheticAdvisory.publish(notifier.url(), PRACTICES, "T");
                assertThat(mail.awaitMessages(PRACTICES, Duration.ofSeconds(90)))
                        .hasSizeGreaterThanOrEqualTo(PRACTICES);
            }
            String output = Files.readString(log);
            assertThat(output).doesNotContain(SASL_PASSWORD).doesNotContain(secured.storePassword());
        }
    }
}
