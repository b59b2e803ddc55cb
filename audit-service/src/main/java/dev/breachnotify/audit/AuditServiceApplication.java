package dev.breachnotify.audit;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;

import java.util.Map;

/** audit-service: the append-only audit log of every event, and its export for the data-protection officer. */
public final class AuditServiceApplication {

    private AuditServiceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(AuditServiceApplication.class).banner(false).start();
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(AuditServiceApplication.class)
                .properties(properties)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        context.getBean(EmbeddedApplication.class).start();
        return context;
    }
}
