package id.dapur.edge.agent.printing;

import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The spooler's "about to send job N" record: an append-only file forced to disk (fdatasync) before a
 * job's first byte goes out. It is what makes a crash mid-print end in a REPRINT mark rather than a
 * silent second copy, at the cost of one small fsync instead of an H2 commit. A record is 16 bytes:
 * the job id and its complement, so a torn last record is recognised and ignored.
 */
public final class PrintIntents implements AutoCloseable {
    private static final String FILE = "print-intents.log";
    private static final int MAX_RECORDS = 4096;
    private final Path file;
    private final Set<Long> recorded;
    private final ByteBuffer buf = ByteBuffer.allocate(16);
    private FileChannel channel;
    private int records;

    private PrintIntents(Path file, Set<Long> recorded) throws IOException {
        this.file = file;
        this.recorded = recorded;
        boolean created = !Files.exists(file);
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (created) {
            DurableFiles.syncDirectory(file.getParent()); // the journal's name survives a cut
        }
        this.records = (int) (channel.size() / 16);
    }

    /** Opens (creating) the file in {@code dir} and reads the jobs it records. */
    public static PrintIntents open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Set<Long> ids = new HashSet<>();
        if (Files.exists(file)) {
            ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
            while (all.remaining() >= 16) {
                long id = all.getLong();
                long check = all.getLong();
                if (check == ~id) {
                    ids.add(id);
                }
            }
        }
        return new PrintIntents(file, ids);
    }

    /** The jobs recorded before this open: each may have reached its printer. */
    public synchronized Set<Long> recorded() {
        return Set.copyOf(recorded);
    }

    /** Records that job {@code id} is about to be sent; returns once it is on disk. */
    public synchronized void record(long id) throws IOException {
        buf.clear();
        buf.putLong(id).putLong(~id).flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        records++;
    }

    /** Whether the file has grown enough to be rewritten with {@link #reset}. */
    public synchronized boolean full() {
        return records >= MAX_RECORDS;
    }

    /**
     * Rewrites the file with just {@code keep} (jobs whose outcome is not yet on disk in H2). Call only
     * once everything else the file recorded is durable in H2. Written aside, forced, then renamed.
     */
    public synchronized void reset(Collection<Long> keep) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".new");
        ByteBuffer out = ByteBuffer.allocate(16 * keep.size());
        keep.forEach(id -> out.putLong(id).putLong(~id));
        out.flip();
        try (FileChannel c = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                c.write(out);
            }
            c.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            d.force(true); // the rename itself
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = keep.size();
        recorded.clear();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
