package dev.breachnotify.platform.kafka;

import dev.breachnotify.events.Topic;
import io.micronaut.context.annotation.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic of the {@link Topic} catalogue that does not exist yet, before the service starts
 * consuming. Idempotent: several services and instances may race to create the same topic.
 */
@Context
public class TopicBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

    public TopicBootstrap(AdminClient admin, TopicSettings settings) {
        if (!settings.isCreate()) {
            return;
        }
        List<NewTopic> topics = Arrays.stream(Topic.values())
                .map(topic -> newTopic(topic, settings))
                .toList();
        Map<String, ? extends java.util.concurrent.Future<Void>> results =
                admin.createTopics(topics).values();
        int created = 0;
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(60, TimeUnit.SECONDS);
                created++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topic " + entry.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + entry.getKey() + " within 60 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
        LOG.info(
                "Topics ready ({} created, {} partitions, replication factor {})",
                created,
                settings.getPartitions(),
                settings.getReplicationFactor());
    }

    private static NewTopic newTopic(Topic topic, TopicSettings settings) {
        NewTopic newTopic = new NewTopic(topic.topicName(), settings.getPartitions(), settings.getReplicationFactor());
        if (settings.getMinInsyncReplicas() > 0) {
            newTopic.configs(Map.of("min.insync.replicas", String.valueOf(settings.getMinInsyncReplicas())));
        }
        return newTopic;
    }
}
