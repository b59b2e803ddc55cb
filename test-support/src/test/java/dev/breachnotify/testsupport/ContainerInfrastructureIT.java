package dev.breachnotify.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.breachnotify.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The container-backed infrastructure ({@code BREACHNOTIFY_TEST_INFRA=testcontainers}) on a machine with Docker.
 * Every other integration test runs on it too when that variable is set; this one only checks that the two
 * containers come up and can be used the way {@link TestInfrastructure} uses them.
 */
class ContainerInfrastructureIT {

    @Test
    void kafkaAndPostgresqlContainersServeTheTests() throws Exception {
        assumeTrue(
                ContainerInfrastructure.dockerAvailable(),
                "skipped: no Docker engine answers (install and start Docker, or set DOCKER_HOST, to run it)");
        try (ContainerInfrastructure containers = ContainerInfrastructure.start(
                ContainerInfrastructure.DEFAULT_KAFKA_IMAGE, ContainerInfrastructure.DEFAULT_POSTGRES_IMAGE)) {
            try (Admin admin = Admin.create(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, containers.kafkaBootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
            }
            EmbeddedPostgresServer.createDatabaseIfMissing(
                    containers.maintenanceJdbcUrl(), containers.dbUser(), containers.dbPassword(), "container_check");
            try (Connection connection = DriverManager.getConnection(
                            EmbeddedPostgresServer.withDatabase(containers.maintenanceJdbcUrl(), "container_check"),
                            containers.dbUser(),
                            containers.dbPassword());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_database()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("container_check");
            }
        }
    }
}
