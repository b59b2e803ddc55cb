package dev.breachnotify.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded default's secrets, created at the first start and kept in the data folder (readable by the
 * owner only): the key acknowledgement codes are derived from, the form-token key, the console's session
 * secret, and a random password for each demo user (HTTP Basic, for breachctl and scripts). {@code credentials.env} holds the users and passwords for the README's commands.
 */
final class LocalSecrets {

    static final Map<String, String> USERS =
            new LinkedHashMap<>(Map.of("comms", "COMMUNICATIONS", "dpo", "DPO", "admin", "ADMIN"));

    private final Properties values;
    private final Path credentialsFile;

    private LocalSecrets(Properties values, Path credentialsFile) {
        this.values = values;
        this.credentialsFile = credentialsFile;
    }

    static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("secrets.properties");
        Path credentials = dataDir.resolve("credentials.env");
        Properties values = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    values.load(reader);
                }
                if (addConsoleSecrets(values, new SecureRandom())) { // a data folder from before OpenID Connect
                    writePrivate(file, writer -> values.store(writer, "breach-notify embedded secrets; keep private"));
                }
                return new LocalSecrets(values, credentials);
            }
            SecureRandom random = new SecureRandom();
            values.setProperty("code-key", randomBase64(random, 32));
            values.setProperty("form-key", randomBase64(random, 32));
            addConsoleSecrets(values, random);
            for (String user : USERS.keySet()) {
                values.setProperty("password." + user, randomPassword(random));
            }
            writePrivate(file, writer -> values.store(writer, "breach-notify embedded secrets; keep private"));
            writePrivate(credentials, writer -> {
                writer.write("# source this file: . data/credentials.env\n");
                for (String user : USERS.keySet()) {
                    String variable = "BN_" + user.toUpperCase() + "_";
                    writer.write(variable + "USER=" + user + "\n");
                    writer.write(variable + "PASSWORD=" + values.getProperty("password." + user) + "\n");
                }
            });
            return new LocalSecrets(values, credentials);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** The console's session-cookie signing secret and its client secret at the embedded provider. */
    private static boolean addConsoleSecrets(Properties values, SecureRandom random) {
        if (values.containsKey("console-session-secret")) {
            return false;
        }
        values.setProperty("console-session-secret", randomBase64(random, 32));
        values.setProperty("console-client-secret", randomBase64(random, 24));
        return true;
    }

    String consoleSessionSecret() {
        return values.getProperty("console-session-secret");
    }

    String consoleClientSecret() {
        return values.getProperty("console-client-secret");
    }

    String codeKey() {
        return values.getProperty("code-key");
    }

    String formKey() {
        return values.getProperty("form-key");
    }

    String password(String user) {
        return values.getProperty("password." + user);
    }

    Path credentialsFile() {
        return credentialsFile;
    }

    private static String randomBase64(SecureRandom random, int bytes) {
        byte[] key = new byte[bytes];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String randomPassword(SecureRandom random) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private interface WriterAction {
        void write(Writer writer) throws IOException;
    }

    private static void writePrivate(Path file, WriterAction action) throws IOException {
        Files.createDirectories(file.getParent());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            action.write(writer);
        }
    }
}
