package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path data;

    @Test
    void everyDirectoryAndFileBecomesTheOwnersOnlyAndExecutablesStayExecutable() throws Exception {
        Path bin = Files.createDirectories(data.resolve("pg-runtime/bin"));
        Path postgres = Files.writeString(bin.resolve("postgres"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path key =
                Files.writeString(Files.createDirectories(data.resolve("audit")).resolve("key.pem"), "k");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        OwnerOnly.restrict(data);

        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(bin)).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(postgres)).isEqualTo(OwnerOnly.EXECUTABLE);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(OwnerOnly.FILE);
    }
}
