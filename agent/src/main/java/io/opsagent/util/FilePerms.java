package io.opsagent.util;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files and folders (0600 / 0700). Tokens, heap dumps and the audit log hold secrets,
 * so they are created private rather than made private after the fact, where the file system allows.
 */
public final class FilePerms {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private FilePerms() {
    }

    public static void ownerOnly(Path p) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR : FILE);
        }
    }

    /** Creates a private directory (and parents); an existing one is made private too. */
    public static Path privateDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        ownerOnly(dir);
        return dir;
    }

    /** Creates a new, empty private file; fails if it exists, so nobody can pre-plant it. */
    public static Path newPrivateFile(Path file) throws IOException {
        if (POSIX) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(FILE);
            return Files.createFile(file, attr);
        }
        return Files.createFile(file);
    }

    /** Writes content to a private file atomically (temp file + rename), replacing any old one. */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        newPrivateFile(tmp);
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
