package dev.breachnotify.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Where the integration tests' Kafka and PostgreSQL come from, chosen by {@code BREACHNOTIFY_TEST_INFRA}:
 * {@code embedded} (the default: in this JVM and a child process, no Docker), {@code testcontainers} (Docker
 * containers; fails when no Docker engine answers) or {@code auto} (containers where Docker answers, else
 * embedded).
 */
public enum InfrastructureMode {

    /** In-process Kafka broker and embedded PostgreSQL. */
    EMBEDDED,
    /** Kafka and PostgreSQL in Docker containers, started by Testcontainers. */
    CONTAINERS;

    /** Environment variable or system property that chooses the mode. */
    public static final String SETTING = "BREACHNOTIFY_TEST_INFRA";

    /**
     * @param setting         the value of {@link #SETTING}, or null when unset
     * @param dockerAvailable asked only when the setting allows containers
     * @return the mode to use
     * @throws IllegalArgumentException for an unknown value, naming the allowed ones
     * @throws IllegalStateException    when containers were asked for and no Docker engine answers
     */
    public static InfrastructureMode choose(String setting, BooleanSupplier dockerAvailable) {
        String value = setting == null || setting.isBlank()
                ? "embedded"
                : setting.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "embedded" -> EMBEDDED;
            case "testcontainers" -> {
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(SETTING + "=testcontainers, but no Docker engine answers; start "
                            + "Docker, or set " + SETTING + "=embedded (or auto) to use the in-process infrastructure");
                }
                yield CONTAINERS;
            }
            case "auto" -> dockerAvailable.getAsBoolean() ? CONTAINERS : EMBEDDED;
            default ->
                throw new IllegalArgumentException(
                        SETTING + "=" + setting + " is not a mode; use embedded, testcontainers or auto");
        };
    }
}
