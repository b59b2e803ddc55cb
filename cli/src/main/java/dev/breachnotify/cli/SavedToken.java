package dev.breachnotify.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * The access token {@code breachctl login} obtained, in a file readable by its owner only ({@code BN_TOKEN_FILE},
 * default {@code ~/.config/breachctl/token}), with its expiry. An expired token is not used: sign in again.
 */
final class SavedToken {

    private final Path file;
    private final Clock clock;

    SavedToken(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    static SavedToken fromEnvironment(Map<String, String> environment) {
        String configured = environment.get("BN_TOKEN_FILE");
        Path file = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".config", "breachctl", "token");
        return new SavedToken(file, Clock.systemUTC());
    }

    Path file() {
        return file;
    }

    /** The saved token if there is one that has not expired (a minute of margin), else {@code null}. */
    String read() {
        if (!Files.isReadable(file)) {
            return null;
        }
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException e) {
            throw new CliException(CliException.AUTH, "cannot read " + file + ": " + e.getMessage());
        }
        String token = values.getProperty("access_token");
        String expires = values.getProperty("expires_at");
        if (token == null
                || expires == null
                || !Instant.parse(expires).isAfter(clock.instant().plusSeconds(60))) {
            return null;
        }
        return token;
    }

    void write(String accessToken, long expiresInSeconds) {
        Properties values = new Properties();
        values.setProperty("access_token", accessToken);
        values.setProperty(
                "expires_at", clock.instant().plusSeconds(expiresInSeconds).toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                values.store(writer, "breachctl login; keep private");
            }
        } catch (IOException e) {
            throw new CliException(CliException.AUTH, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
