package dev.breachnotify.platform.kafka;

import io.micronaut.configuration.kafka.admin.AdminClientFactory;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The service's one Kafka admin client (topic creation, the health check), named after the service.
 *
 * <p>micronaut-kafka's own factory leaves the name to Kafka, which numbers admin clients per class loader
 * ({@code adminclient-1}); where several services share a JVM (the embedded default) their admin clients then
 * register the same JMX name, and every start but the first logged an error with a stack trace.
 */
@Factory
public class AdminClients {

    @Singleton
    @Bean(preDestroy = "close")
    @Replaces(value = AdminClient.class, factory = AdminClientFactory.class)
    AdminClient adminClient(
            KafkaDefaultConfiguration configuration,
            @Value("${micronaut.application.name:breach-notify}") String service) {
        Properties properties = new Properties();
        properties.putAll(configuration.getConfig());
        properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, service + "-admin");
        return AdminClient.create(properties);
    }
}
