package dev.breachnotify.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Who breachctl is, first match wins:
 * <ol>
 *   <li>{@code --token} or {@code BN_TOKEN}: an access token of the identity provider (a person);</li>
 *   <li>{@code --user}/{@code --password}, else {@code BN_USER}/{@code BN_PASSWORD}: HTTP Basic, for machine
 *       accounts;</li>
 *   <li>the token saved by {@code breachctl login} (device authorization, RFC 8628), unless it has expired;</li>
 *   <li>the role's demo user from the environment or the embedded default's {@code data/credentials.env}
 *       ({@code BN_COMMS_*} for the communications team's commands, {@code BN_DPO_*} for the DPO's).</li>
 * </ol>
 *
 * @param user     the Basic user name, or {@code null} with a token
 * @param password the Basic password, or {@code null} with a token
 * @param token    the bearer token, or {@code null} with Basic
 */
record Credentials(String user, String password, String token) {

    Credentials(String user, String password) {
        this(user, password, null);
    }

    static Credentials bearer(String token) {
        return new Credentials(null, null, token);
    }

    /** The {@code Authorization} header value. */
    String authorization() {
        if (token != null) {
            return "Bearer " + token;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Credentials resolve(
            String user, String password, String role, Map<String, String> environment, Path credentialsFile) {
        return resolve(null, user, password, role, environment, credentialsFile, null);
    }

    static Credentials resolve(
            String token,
            String user,
            String password,
            String role,
            Map<String, String> environment,
            Path credentialsFile,
            SavedToken saved) {
        if (token != null && !token.isBlank()) {
            return bearer(token.strip());
        }
        if (environment.get("BN_TOKEN") != null && !environment.get("BN_TOKEN").isBlank()) {
            return bearer(environment.get("BN_TOKEN").strip());
        }
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
        if (environment.get("BN_USER") != null && environment.get("BN_PASSWORD") != null) {
            return new Credentials(environment.get("BN_USER"), environment.get("BN_PASSWORD"));
        }
        if (saved != null) {
            String signedIn = saved.read();
            if (signedIn != null) {
                return bearer(signedIn);
            }
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
        throw new CliException(
                CliException.AUTH,
                "no credentials: sign in with 'breachctl login', set BN_TOKEN, "
                        + "use --user and --password (machine accounts), or run from the repository of a running embedded "
                        + "default (data/credentials.env)");
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
                    values.put(
                            line.substring(0, equals).strip(),
                            line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new CliException(CliException.AUTH, "cannot read " + file + ": " + e.getMessage());
        }
        return values;
    }

    @Override
    public String toString() {
        return token != null ? "Credentials[bearer]" : "Credentials[" + user + "]";
    }
}
