package dev.breachnotify.testsupport;

import dev.breachnotify.embedded.EmbeddedPostgresServer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka (KRaft, the official {@code apache/kafka} image) and PostgreSQL in Docker containers, for machines with a
 * Docker engine ({@code BREACHNOTIFY_TEST_INFRA=testcontainers} or {@code auto}). The images can be changed with
 * {@code BREACHNOTIFY_TEST_KAFKA_IMAGE} and {@code BREACHNOTIFY_TEST_POSTGRES_IMAGE}.
 */
public final class ContainerInfrastructure implements AutoCloseable {

    /** Environment variable or system property: the Kafka image. */
    public static final String KAFKA_IMAGE = "BREACHNOTIFY_TEST_KAFKA_IMAGE";
    /** Environment variable or system property: the PostgreSQL image. */
    public static final String POSTGRES_IMAGE = "BREACHNOTIFY_TEST_POSTGRES_IMAGE";

    static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String DEFAULT_POSTGRES_IMAGE = "postgres:17-alpine";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerInfrastructure.class);

    private final KafkaContainer kafka;
    private final PostgreSQLContainer<?> postgres;

    private ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer<?> postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** @return whether a Docker engine answers (Testcontainers' own discovery: DOCKER_HOST, socket, config) */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("No Docker engine: {}", e.toString());
            return false;
        }
    }

    /** Starts both containers in parallel; on failure stops what started and rethrows. */
    public static ContainerInfrastructure start(String kafkaImage, String postgresImage) {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(kafkaImage));
        PostgreSQLContainer<?> postgres =
                new PostgreSQLContainer<>(DockerImageName.parse(postgresImage).asCompatibleSubstituteFor("postgres"));
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(kafka::start), CompletableFuture.runAsync(postgres::start))
                    .join();
            return new ContainerInfrastructure(kafka, postgres);
        } catch (RuntimeException e) {
            kafka.stop();
            postgres.stop();
            throw new IllegalStateException(
                    "Could not start the Kafka (" + kafkaImage + ") and PostgreSQL (" + postgresImage + ") containers",
                    e.getCause() != null ? e.getCause() : e);
        }
    }

    /** @return the bootstrap servers of the Kafka container */
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    /** @return the JDBC URL of the container's maintenance database, where test databases are created */
    public String maintenanceJdbcUrl() {
        return EmbeddedPostgresServer.withDatabase(postgres.getJdbcUrl(), "postgres");
    }

    /** @return the container's superuser */
    public String dbUser() {
        return postgres.getUsername();
    }

    /** @return the superuser's password */
    public String dbPassword() {
        return postgres.getPassword();
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
