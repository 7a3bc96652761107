package id.dapur.edge.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A new file's name, a rename or a new directory survives power loss only once its directory is
 * fsynced: fsyncing the file makes its bytes durable, not its name. Found by the power-cut harness
 * (docs/durability.md): the database file, created and written but its directory never synced,
 * vanished whole at the first cut, with every order in it. Used by the agent's storage and by the
 * bridge's files (credential, last good configuration, the update's boot file and releases).
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** fsync of a directory: what was created, renamed or removed in it is durable once this returns. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** {@link Files#createDirectories}, then each new directory's parent synced, so the whole path survives. */
    public static void createDirectories(Path dir, FileAttribute<?>... attrs) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        Files.createDirectories(dir, attrs);
        for (Path p : missing) {
            syncDirectory(p.getParent());
        }
    }

    /**
     * Writes {@code bytes} whole: to a file beside the target, forced, renamed over the target, the
     * directory forced; a power cut leaves the old content or the new.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }
}
