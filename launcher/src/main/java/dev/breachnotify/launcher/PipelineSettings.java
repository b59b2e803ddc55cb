package dev.breachnotify.launcher;

import java.nio.file.Path;

/**
 * Where the embedded pipeline keeps its data and which ports it uses. Every value has a command-line option
 * ({@code --data-dir=}, {@code --kafka-port=}, {@code --postgres-port=}, {@code --smtp-port=},
 * {@code --notifier-port=}, {@code --ack-port=}, {@code --audit-port=}, {@code --console-port=}); port 0 picks
 * a free port.
 * {@code --smtp-relay=host:port} sends the mail to that relay instead of the capture server (for benchmarks
 * against Postfix's {@code smtp-sink}).
 *
 * <p>Eight components, one per command-line option: a value, not a collaborator list.
 */
record PipelineSettings(
        Path dataDir,
        int kafkaPort,
        int postgresPort,
        int smtpPort,
        int notifierPort,
        int ackPort,
        int auditPort,
        int consolePort,
        String smtpRelay) {

    /** What {@code --help} prints. */
    static final String HELP = """
            Usage: ./mvnw -Prun [-Drun.args="--option=value ..."]

              --data-dir=DIR        where everything is kept (default: data/ in the repository)
              --kafka-port=PORT     Kafka broker (default 19092)
              --postgres-port=PORT  PostgreSQL (default 15432)
              --smtp-port=PORT      SMTP capture server (default 2525)
              --notifier-port=PORT  notifier-service (default 8081)
              --ack-port=PORT       ack-service, the practices' pages (default 8082)
              --audit-port=PORT     audit-service (default 8083)
              --console-port=PORT   web console (default 8080)
              --smtp-relay=HOST:PORT  send mail to this relay instead of the capture server
              --help                this text

            A port of 0 picks a free port.""";

    PipelineSettings(
            Path dataDir,
            int kafkaPort,
            int postgresPort,
            int smtpPort,
            int notifierPort,
            int ackPort,
            int auditPort,
            int consolePort) {
        this(dataDir, kafkaPort, postgresPort, smtpPort, notifierPort, ackPort, auditPort, consolePort, null);
    }

    static PipelineSettings defaults(Path dataDir) {
        return new PipelineSettings(dataDir, 19092, 15432, 2525, 8081, 8082, 8083, 8080);
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
                case "smtp-relay" -> settings.withSmtpRelay(relay(value));
                default -> settings.withPort(name, port(name, value));
            };
        }
        return settings;
    }

    PipelineSettings withDataDir(Path dir) {
        return new PipelineSettings(
                dir, kafkaPort, postgresPort, smtpPort, notifierPort, ackPort, auditPort, consolePort, smtpRelay);
    }

    PipelineSettings withSmtpRelay(String relay) {
        return new PipelineSettings(
                dataDir, kafkaPort, postgresPort, smtpPort, notifierPort, ackPort, auditPort, consolePort, relay);
    }

    private PipelineSettings withPort(String option, int port) {
        return switch (option) {
            case "kafka-port" ->
                new PipelineSettings(
                        dataDir,
                        port,
                        postgresPort,
                        smtpPort,
                        notifierPort,
                        ackPort,
                        auditPort,
                        consolePort,
                        smtpRelay);
            case "postgres-port" ->
                new PipelineSettings(
                        dataDir, kafkaPort, port, smtpPort, notifierPort, ackPort, auditPort, consolePort, smtpRelay);
            case "smtp-port" ->
                new PipelineSettings(
                        dataDir,
                        kafkaPort,
                        postgresPort,
                        port,
                        notifierPort,
                        ackPort,
                        auditPort,
                        consolePort,
                        smtpRelay);
            case "notifier-port" ->
                new PipelineSettings(
                        dataDir, kafkaPort, postgresPort, smtpPort, port, ackPort, auditPort, consolePort, smtpRelay);
            case "ack-port" ->
                new PipelineSettings(
                        dataDir,
                        kafkaPort,
                        postgresPort,
                        smtpPort,
                        notifierPort,
                        port,
                        auditPort,
                        consolePort,
                        smtpRelay);
            case "audit-port" ->
                new PipelineSettings(
                        dataDir,
                        kafkaPort,
                        postgresPort,
                        smtpPort,
                        notifierPort,
                        ackPort,
                        port,
                        consolePort,
                        smtpRelay);
            case "console-port" ->
                new PipelineSettings(
                        dataDir, kafkaPort, postgresPort, smtpPort, notifierPort, ackPort, auditPort, port, smtpRelay);
            default -> throw new IllegalArgumentException("unknown option --" + option);
        };
    }

    private static String relay(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--smtp-relay must be host:port, not '" + value + "'");
        }
        port("smtp-relay", value.substring(colon + 1));
        return value;
    }

    static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a port number (0 = any free port), not '" + value + "'");
        }
    }
}
