package dev.breachnotify.audit;

import dev.breachnotify.platform.ServiceRuntime;
import java.util.Map;

/** audit-service: the append-only audit log of every event, and its export for the data-protection officer. */
public final class AuditServiceApplication {

    private AuditServiceApplication() {}

    public static void main(String[] args) {
        ServiceRuntime.run(AuditServiceApplication.class, args);
    }

    /**
     * Starts the service with the given configuration and without a shutdown hook of its own; the caller
     * closes it. Used by the embedded launcher, which runs each service in its own class loader.
     */
    public static AutoCloseable start(Map<String, Object> properties) {
        return ServiceRuntime.start(AuditServiceApplication.class, properties);
    }
}
