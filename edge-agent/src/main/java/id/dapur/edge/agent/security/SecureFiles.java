package id.dapur.edge.agent.security;

import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the agent's user may read: directories 0700, files 0600, set when they are created (not
 * after, so there is no moment when another user could open them). On a file system without POSIX
 * permissions the permissions are left as they are.
 */
public final class SecureFiles {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecureFiles() {}

    /** Creates {@code dir} and missing parents as 0700; an existing {@code dir} is narrowed to 0700. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.exists(dir)) {
            DurableFiles.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        Files.setPosixFilePermissions(dir, DIR);
    }

    /** Writes {@code bytes} to a new 0600 file beside {@code target}, forces it, and renames it over {@code target}. */
    public static void writePrivate(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (POSIX) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
        }
        try (var ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.syncDirectory(target.toAbsolutePath().getParent()); // the new name survives a cut
    }

    /** Narrows every file directly in {@code dir} to 0600 (H2 creates its files with the umask). */
    public static void restrict(Path dir) throws IOException {
        if (!POSIX || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.setPosixFilePermissions(f, FILE);
                }
            }
        }
    }
}
