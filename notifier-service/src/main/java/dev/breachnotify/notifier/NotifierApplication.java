package dev.breachnotify.notifier;

import dev.breachnotify.platform.ServiceRuntime;
import java.util.Map;

/** notifier-service: the practice directory, advisories, fan-out and email. */
public final class NotifierApplication {

    private NotifierApplication() {}

    public static void main(String[] args) {
        ServiceRuntime.run(NotifierApplication.class, args);
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        return ServiceRuntime.start(NotifierApplication.class, properties);
    }
}
