package dev.breachnotify.notifier;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;

import java.util.Map;

/** notifier-service: the practice directory, advisories, fan-out and email. */
public final class NotifierApplication {

    private NotifierApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(NotifierApplication.class).banner(false).start();
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(NotifierApplication.class)
                .properties(properties)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        context.getBean(EmbeddedApplication.class).start();
        return context;
    }
}
