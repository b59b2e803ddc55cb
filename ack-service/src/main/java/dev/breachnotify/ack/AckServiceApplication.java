package dev.breachnotify.ack;

import dev.breachnotify.platform.ServiceRuntime;
import java.util.Map;

/**
 * ack-service: the practices' acknowledgement pages, the projections they read from Kafka, and the progress
 * report for the communications team.
 */
public final class AckServiceApplication {

    private AckServiceApplication() {}

    public static void main(String[] args) {
        ServiceRuntime.run(AckServiceApplication.class, args);
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        return ServiceRuntime.start(AckServiceApplication.class, properties);
    }
}
