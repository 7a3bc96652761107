package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database file only grows while the agent runs ({@code REUSE_SPACE=FALSE}, see
 * {@link Database}), so it is compacted when it opens (after it passed the checks at open) once it
 * has grown past {@link #ABOVE} and to twice its size after the last compaction, and while running
 * ({@link GroupCommitWriter}). The live pages are
 * copied to a new file, that file is fsynced, renamed over the old one, and the directory fsynced:
 * until the rename is durable the old file is whole, after it the new one is, so a power cut at any
 * step leaves a database that opens with everything it had.
 */
final class FileCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(FileCompaction.class);
    /** 32 MB unless the JVM is started with {@code -Ddapur.storage.compactAboveBytes=N} (benchmarks, tests). */
    static volatile long ABOVE = Long.getLong("dapur.storage.compactAboveBytes", 32L * 1024 * 1024);

    private static final String MARK = ".compacted-size";

    private FileCompaction() {}

    /** A database file's size now and after its last compaction (0: never compacted, or no file). */
    record Sizes(long now, long lastCompacted) {
        /** Past {@code floor} bytes and {@code factor} times its size after the last compaction. */
        boolean grown(int factor, long floor) {
            return now > 0 && now >= Math.max(floor, factor * lastCompacted);
        }
    }

    /** Reads both sizes (blocking); zeros when the file cannot be read. */
    static Sizes sizes(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return new Sizes(0, 0);
            }
            Path mark = mark(file);
            long last = Files.isRegularFile(mark) ? parse(Files.readString(mark, StandardCharsets.US_ASCII)) : 0;
            return new Sizes(Files.size(file), last);
        } catch (IOException e) {
            return new Sizes(0, 0);
        }
    }

    private static Path mark(Path file) {
        return file.resolveSibling(file.getFileName() + MARK);
    }

    /** Compacts {@code file} (not open). Blocking. False when it failed: the file is as it was (logged). */
    static boolean now(Path file) {
        try {
            long size = Files.size(file);
            Path tmp = file.resolveSibling(file.getFileName() + ".compacting");
            Files.deleteIfExists(tmp);
            long started = System.nanoTime();
            MVStore.compact(file.toString(), tmp.toString(), true, null);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.syncDirectory(file.getParent());
            long after = Files.size(file);
            SecureFiles.writePrivate(mark(file), Long.toString(after).getBytes(StandardCharsets.US_ASCII));
            LOG.info(
                    "database file compacted [before: {} KB, after: {} KB, took: {} ms]",
                    size / 1024,
                    after / 1024,
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("database file not compacted; it stays as it was [file: {}, error: {}]", file, e.toString());
            return false;
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
