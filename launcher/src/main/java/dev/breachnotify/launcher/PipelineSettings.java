package dev.breachnotify.launcher;

import java.nio.file.Path;

/**
 * Where the embedded pipeline keeps its data and which ports it uses. Every value has a command-line option
 * ({@code --data-dir=}, {@code --kafka-port=}, {@code --postgres-port=}, {@code --smtp-port=},
 * {@code --notifier-port=}, {@code --ack-port=}, {@code --audit-port=}); port 0 picks a free port.
 */
record PipelineSettings(Path dataDir, int kafkaPort, int postgresPort, int smtpPort, int notifierPort, int ackPort,
                        int auditPort) {

    static PipelineSettings defaults(Path dataDir) {
        return new PipelineSettings(dataDir, 19092, 15432, 2525, 8081, 8082, 8083);
    }

    static PipelineSettings parse(String[] args) {
        PipelineSettings settings = defaults(Path.of("data"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; use --name=value");
            }
            String name = arg.substring(2, equals);
            String value = arg.substring(equals + 1);
            settings = switch (name) {
                case "data-dir" -> settings.withDataDir(Path.of(value));
                case "kafka-port" -> new PipelineSettings(settings.dataDir, port(name, value), settings.postgresPort,
                        settings.smtpPort, settings.notifierPort, settings.ackPort, settings.auditPort);
                case "postgres-port" -> new PipelineSettings(settings.dataDir, settings.kafkaPort, port(name, value),
                        settings.smtpPort, settings.notifierPort, settings.ackPort, settings.auditPort);
                case "smtp-port" -> new PipelineSettings(settings.dataDir, settings.kafkaPort, settings.postgresPort,
                        port(name, value), settings.notifierPort, settings.ackPort, settings.auditPort);
                case "notifier-port" -> new PipelineSettings(settings.dataDir, settings.kafkaPort,
                        settings.postgresPort, settings.smtpPort, port(name, value), settings.ackPort,
                        settings.auditPort);
                case "ack-port" -> new PipelineSettings(settings.dataDir, settings.kafkaPort, settings.postgresPort,
                        settings.smtpPort, settings.notifierPort, port(name, value), settings.auditPort);
                case "audit-port" -> new PipelineSettings(settings.dataDir, settings.kafkaPort, settings.postgresPort,
                        settings.smtpPort, settings.notifierPort, settings.ackPort, port(name, value));
                default -> throw new IllegalArgumentException("unknown option --" + name);
            };
        }
        return settings;
    }

    PipelineSettings withDataDir(Path dir) {
        return new PipelineSettings(dir, kafkaPort, postgresPort, smtpPort, notifierPort, ackPort, auditPort);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a port number (0 = any free port), not '"
                    + value + "'");
        }
    }
}
