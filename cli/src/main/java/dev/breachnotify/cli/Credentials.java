package dev.breachnotify.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Who breachctl is: {@code --user}/{@code --password}, else {@code BN_USER}/{@code BN_PASSWORD}, else the
 * role's demo user from the environment or the embedded default's {@code data/credentials.env}
 * ({@code BN_COMMS_*} for the communications team's commands, {@code BN_DPO_*} for the DPO's).
 */
record Credentials(String user, String password) {

    static Credentials resolve(String user, String password, String role, Map<String, String> environment,
                               Path credentialsFile) {
        if (user != null) {
            if (password == null) {
                throw new CliException(CliException.AUTH, "--user needs --password (or BN_PASSWORD)");
            }
            return new Credentials(user, password);
        }
        if (environment.get("BN_PASSWORD") != null && environment.get("BN_USER") == null) {
            throw new CliException(CliException.AUTH, "BN_PASSWORD is set but BN_USER is not: set both, or neither");
        }
        if (password != null && environment.get("BN_USER") == null) {
            throw new CliException(CliException.AUTH, "--password needs --user (or BN_USER)");
        }
        Map<String, String> values = new HashMap<>(read(credentialsFile));
        values.putAll(environment);
        if (values.get("BN_USER") != null && values.get("BN_PASSWORD") != null) {
            return new Credentials(values.get("BN_USER"), values.get("BN_PASSWORD"));
        }
        String prefix = "BN_" + role + "_";
        if (values.get(prefix + "USER") != null && values.get(prefix + "PASSWORD") != null) {
            return new Credentials(values.get(prefix + "USER"), values.get(prefix + "PASSWORD"));
        }
        throw new CliException(CliException.AUTH, "no credentials: use --user and --password, set BN_USER and "
                + "BN_PASSWORD, or run from the repository of a running embedded default (data/credentials.env)");
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> values = new HashMap<>();
        if (file == null || !Files.isReadable(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new CliException(CliException.AUTH, "cannot read " + file + ": " + e.getMessage());
        }
        return values;
    }
}
