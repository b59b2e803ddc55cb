package dev.breachnotify.console;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * The web console: server-rendered pages for the communications team and the data-protection officer. It has
 * no database and no Kafka client; everything it shows or does goes through the services' HTTP APIs with the
 * signed-in user's credentials, so the services record that user as the actor.
 */
public final class ConsoleApplication {

    private ConsoleApplication() {}

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(ConsoleApplication.class).banner(false).start();
    }

    /**
     * Starts the console with the given configuration and without a shutdown hook of its own; the caller closes
     * it. Used by the embedded launcher, which runs it in its own class loader like the services.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder(ConsoleApplication.class)
                .properties(properties)
                .deduceEnvironment(false)
                .banner(false)
                .start();
        context.getBean(EmbeddedApplication.class).start();
        return context;
    }
}
