package dev.breachnotify.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes a directory tree readable and writable by its owner only: directories {@code rwx------}, executables
 * (the PostgreSQL binaries in {@code pg-runtime}) {@code rwx------}, other files {@code rw-------}. The embedded
 * pipeline's {@code data/} holds secrets, mails, letters, the audit signing key and binaries it runs; files
 * written later inherit no mode from it, but no other user can reach them through a {@code rwx------} directory.
 * Symbolic links are not followed. Does nothing on file systems without POSIX permissions.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Restricts {@code root} and everything under it. */
    static void restrict(Path root) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix") || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.setPosixFilePermissions(dir, DIRECTORY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    boolean executable = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(file, executable ? EXECUTABLE : FILE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // a file that vanished while walking (Kafka and PostgreSQL write as we go) needs no mode
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
