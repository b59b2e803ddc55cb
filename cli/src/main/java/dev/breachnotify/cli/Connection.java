package dev.breachnotify.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the services are and who is asking; options shared by every command. */
final class Connection {

    @Option(
            names = "--notifier-url",
            defaultValue = "${env:BN_NOTIFIER_URL:-http://localhost:8081}",
            description = "notifier-service (env BN_NOTIFIER_URL, default ${DEFAULT-VALUE})")
    String notifierUrl;

    @Option(
            names = "--ack-url",
            defaultValue = "${env:BN_ACK_URL:-http://localhost:8082}",
            description = "ack-service (env BN_ACK_URL, default ${DEFAULT-VALUE})")
    String ackUrl;

    @Option(
            names = "--audit-url",
            defaultValue = "${env:BN_AUDIT_URL:-http://localhost:8083}",
            description = "audit-service (env BN_AUDIT_URL, default ${DEFAULT-VALUE})")
    String auditUrl;

    @Option(
            names = "--token",
            description = "the identity provider's access token (env BN_TOKEN; prefer the "
                    + "environment, or breachctl login)")
    String token;

    @Option(names = "--user", description = "machine account's user name, HTTP Basic (env BN_USER)")
    String user;

    @Option(
            names = "--password",
            description = "password (env BN_PASSWORD; prefer the environment)",
            arity = "0..1",
            interactive = true)
    String password;

    @Option(
            names = "--credentials-file",
            defaultValue = "data/credentials.env",
            description = "KEY=VALUE file with BN_* credentials (default ${DEFAULT-VALUE}, the embedded default's)")
    Path credentialsFile;

    ApiClient client(String url, String role) {
        return new ApiClient(url, credentials(role));
    }

    Credentials credentials(String role) {
        return Credentials.resolve(
                token,
                user,
                password != null ? password : System.getenv("BN_PASSWORD"),
                role,
                System.getenv(),
                credentialsFile,
                SavedToken.fromEnvironment(System.getenv()));
    }
}
