package id.dapur.edge.agent.storage;

import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage's commit point: an append-only log of the writer's batches in segment files
 * ({@code journal/<first lsn>.log}). A batch is durable once its record is appended and the segment
 * fdatasynced; H2 holds the same changes in memory and writes them behind, in checkpoints that note
 * the last log sequence number (lsn) they cover. Segments wholly behind a checkpoint are deleted.
 *
 * <p>Format (docs/durability.md): a segment starts with the 8 bytes {@code DAPURJ01} and the lsn of
 * its first record (8 bytes, big-endian); then records, each {@code length (4) | CRC-32C (4) | lsn (8)
 * | payload (length bytes)}, the checksum over the lsn and the payload. A record is valid when it is
 * whole, its checksum matches and its lsn follows the one before it; reading stops at the first record
 * that is not (a torn or never-synced tail). Not thread-safe: the writer thread alone appends.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final byte[] MAGIC = "DAPURJ01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int HEADER = 16;
    static final int RECORD_HEADER = 16;
    /** A record larger than this is refused when written and taken for garbage when read. */
    public static final int MAX_RECORD = 64 << 20;

    private final Path dir;
    private FileChannel channel;
    private Path segment;
    private long position; // end of the last whole record in the current segment
    private long nextLsn;
    private long sinceRoll; // bytes appended since the last roll
    private boolean broken; // an append failed and its tail could not be cut back: the next append opens a new segment
    private final ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
    private final CRC32C crc = new CRC32C();

    private Journal(Path dir, long nextLsn) {
        this.dir = dir;
        this.nextLsn = nextLsn;
    }

    /** The journal's directory inside the storage directory. */
    public static Path dir(Path storageDir) {
        return storageDir.resolve("journal");
    }

    /**
     * Opens the journal for appending, the next record numbered {@code nextLsn}, in a new segment
     * (whatever segments exist are left to {@link #deleteThrough}). Blocking.
     */
    public static Journal open(Path dir, long nextLsn) throws IOException {
        DurableFiles.createDirectories(dir);
        Journal j = new Journal(dir, nextLsn);
        j.roll();
        return j;
    }

    /** The lsn the next record gets. */
    public long nextLsn() {
        return nextLsn;
    }

    /** Bytes appended since the last {@link #roll}. */
    public long bytesSinceRoll() {
        return sinceRoll;
    }

    /**
     * Appends one record with the next lsn and, if {@code sync}, forces it to the device
     * (fdatasync). Returns its lsn. On failure (a full disk, an I/O error) nothing of it counts: the
     * segment is cut back to its last whole record, or, if even that fails, the next append starts a
     * new segment; the lsn is not used.
     */
    public long append(byte[] payload, int length, boolean sync) throws IOException {
        if (length > MAX_RECORD) {
            throw new IOException("a journal record of " + length + " bytes is over the limit of " + MAX_RECORD);
        }
        if (broken) {
            roll();
        }
        long lsn = nextLsn;
        crc.reset();
        head.clear();
        head.putLong(8, lsn);
        crc.update(head.array(), 8, 8);
        crc.update(payload, 0, length);
        head.putInt(0, length).putInt(4, (int) crc.getValue());
        try {
            ByteBuffer[] bufs = {head, ByteBuffer.wrap(payload, 0, length)};
            long want = RECORD_HEADER + (long) length;
            long written = 0;
            channel.position(position);
            while (written < want) {
                written += channel.write(bufs);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            cutBack();
            throw e;
        }
        position += RECORD_HEADER + length;
        sinceRoll += RECORD_HEADER + length;
        nextLsn = lsn + 1;
        return lsn;
    }

    private void cutBack() {
        try {
            channel.truncate(position);
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "could not cut the journal back after a failed append; the next append starts a new segment [segment: {}, error: {}]",
                    segment,
                    e.toString());
            broken = true;
        }
    }

    /**
     * Starts a new segment whose first record is the next lsn, durable with its name (the directory is
     * synced), and closes the old one.
     */
    public void roll() throws IOException {
        Path next = dir.resolve(name(nextLsn));
        if (segment != null && segment.equals(next) && !broken) {
            return; // nothing appended since the last roll
        }
        FileChannel fresh = FileChannel.open(
                next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer h =
                    ByteBuffer.allocate(HEADER).put(MAGIC).putLong(nextLsn).flip();
            while (h.hasRemaining()) {
                fresh.write(h);
            }
            fresh.force(true);
            DurableFiles.syncDirectory(dir);
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        closeQuietly();
        channel = fresh;
        segment = next;
        position = HEADER;
        sinceRoll = 0;
        broken = false;
    }

    /**
     * Deletes every segment whose records all have an lsn up to {@code lsn} (a checkpoint covers
     * them), never the one being appended to. A deletion a power cut undoes is harmless: replay skips
     * what the database already has.
     */
    public void deleteThrough(long lsn) throws IOException {
        List<Segment> all = segments(dir);
        for (int i = 0; i < all.size(); i++) {
            Segment s = all.get(i);
            long last = i + 1 < all.size() ? all.get(i + 1).firstLsn() - 1 : Long.MAX_VALUE;
            if (last <= lsn && !s.path().equals(segment)) {
                Files.deleteIfExists(s.path());
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing journal segment {}: {}", segment, e.getMessage());
            }
        }
    }

    static String name(long firstLsn) {
        return String.format(Locale.ROOT, "%020d.log", firstLsn);
    }

    /** A segment file and the lsn its name says it starts with. */
    public record Segment(Path path, long firstLsn) {}

    /** The segments in {@code dir}, in lsn order (none if there is no journal). */
    public static List<Segment> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.matches("\\d{20}\\.log")) {
                    out.add(new Segment(p, Long.parseLong(n.substring(0, 20))));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Segment::firstLsn));
        return out;
    }

    /** What a reader does with each valid record after the starting lsn. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(long lsn, ByteBuffer payload) throws Exception;
    }

    /**
     * What reading found: the last lsn read (or the start's), how many records were handed over,
     * whether a torn or corrupt tail was skipped, whether records are missing in the middle (a gap:
     * never a power cut's doing), and what was found where reading stopped.
     */
    public record ReadResult(long lastLsn, int records, boolean tornTail, boolean gap, String tail) {}

    /**
     * Reads every valid record with an lsn after {@code afterLsn}, in order, across segments. Stops at
     * the first record that is not valid; a later segment that does not continue the lsn sequence
     * where reading stopped is not read (and said in {@link ReadResult#tail}).
     */
    public static ReadResult read(Path dir, long afterLsn, RecordHandler handler) throws Exception {
        long last = afterLsn;
        int count = 0;
        boolean torn = false;
        String tail = null;
        CRC32C crc = new CRC32C();
        for (Segment s : segments(dir)) {
            if (s.firstLsn() > last + 1) {
                return new ReadResult(
                        last,
                        count,
                        torn,
                        true,
                        "segment " + s.path().getFileName() + " starts at lsn " + s.firstLsn() + " but lsn "
                                + (last + 1) + " is not in the journal");
            }
            try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
                long size = ch.size();
                ByteBuffer h = ByteBuffer.allocate(HEADER);
                if (!readFully(ch, h, 0) || !java.util.Arrays.equals(java.util.Arrays.copyOf(h.array(), 8), MAGIC)) {
                    torn = true;
                    tail = "segment " + s.path().getFileName() + " has no valid header";
                    continue;
                }
                long expect = h.getLong(8);
                long pos = HEADER;
                ByteBuffer rh = ByteBuffer.allocate(RECORD_HEADER);
                while (pos < size) {
                    rh.clear();
                    if (!readFully(ch, rh, pos)) {
                        torn = true;
                        tail = s.path().getFileName() + ": a record header cut short at byte " + pos;
                        break;
                    }
                    int len = rh.getInt(0);
                    int sum = rh.getInt(4);
                    long lsn = rh.getLong(8);
                    if (len < 0 || len > MAX_RECORD || pos + RECORD_HEADER + len > size || lsn != expect) {
                        torn = true;
                        tail = s.path().getFileName() + ": no whole record at byte " + pos + " (of " + size + ")";
                        break;
                    }
                    ByteBuffer body = ByteBuffer.allocate(len);
                    if (!readFully(ch, body, pos + RECORD_HEADER)) {
                        torn = true;
                        tail = s.path().getFileName() + ": a record cut short at byte " + pos;
                        break;
                    }
                    crc.reset();
                    crc.update(rh.array(), 8, 8);
                    crc.update(body.array(), 0, len);
                    if ((int) crc.getValue() != sum) {
                        torn = true;
                        tail = s.path().getFileName() + ": a record with a wrong checksum at byte " + pos;
                        break;
                    }
                    if (lsn > last) {
                        if (lsn != last + 1) {
                            return new ReadResult(
                                    last, count, torn, true, "lsn " + (last + 1) + " is missing before " + lsn);
                        }
                        body.rewind();
                        handler.record(lsn, body);
                        last = lsn;
                        count++;
                    }
                    expect = lsn + 1;
                    pos += RECORD_HEADER + len;
                }
            }
        }
        return new ReadResult(last, count, torn, false, tail);
    }

    private static boolean readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                return false;
            }
        }
        b.flip();
        return true;
    }
}
