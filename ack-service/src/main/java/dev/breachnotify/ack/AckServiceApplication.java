package dev.breachnotify.ack;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;

import java.util.Map;

/**
 * ack-service: the practices' acknowledgement pages, the projections they read from Kafka, and the progress
 * report for the communications team.
 */
public final class AckServiceApplication {

    private AckServiceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(AckServiceApplication.class).banner(false).start();
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(AckServiceApplication.class)
                .properties(properties)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        context.getBean(EmbeddedApplication.class).start();
        return context;
    }
}
