package dev.breachnotify.platform;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import java.util.Map;

/** How every service starts: as its own process, or embedded by the launcher. */
public final class ServiceRuntime {

    private ServiceRuntime() {}

    /** Runs the service as a process of its own, configured from its application.yml, environment and args. */
    public static void run(Class<?> mainClass, String[] args) {
        Micronaut.build(args).mainClass(mainClass).banner(false).start();
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. The embedded launcher runs each service this way, in its own class loader.
     */
    public static AutoCloseable start(Class<?> mainClass, Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(mainClass)
                .properties(properties)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        context.getBean(EmbeddedApplication.class).start();
        return context;
    }
}
