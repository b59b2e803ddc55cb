package dev.breachnotify.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;

class AuditTopicsTest {

    @Test
    void theAuditLogListensToEveryTopicOfTheCatalogue() throws NoSuchMethodException {
        var topics = AuditLogListener.class
                .getMethod("append", List.class, Consumer.class)
                .getAnnotation(io.micronaut.configuration.kafka.annotation.Topic.class);

        assertThat(topics.value())
                .as("a topic added to dev.breachnotify.events.Topic must be added to the @Topic of "
                        + "AuditLogListener, or its events never reach the audit log")
                .containsExactlyInAnyOrderElementsOf(Topic.allNames());
    }
}
