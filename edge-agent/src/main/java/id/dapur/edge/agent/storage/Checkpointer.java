package id.dapur.edge.agent.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's checkpoints, on its thread between batches: H2 writes its file behind the journal
 * (all of it, synced, when the journal is big or old enough; its unsaved pages when past H2's limit),
 * and the journal's segments a checkpoint covers are deleted. Failures are logged and counted; the
 * journal keeps every change meanwhile.
 */
final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** The longest H2 waits to write what the journal holds; replay at start reads at most this much. */
    static final Duration CHECKPOINT_INTERVAL =
            Duration.ofSeconds(Long.getLong("dapur.storage.checkpointSeconds", 900));
    /** Journal bytes after which H2 writes its file (at 50 orders/s, about a minute); tests lower it. */
    static volatile long CHECKPOINT_BYTES = Long.getLong("dapur.storage.checkpointBytes", 16L << 20);

    private final Database db;
    private final Journal journal;
    private final Supplier<Connection> connection; // the writer's; replaced after a compaction
    private long lastCheckpoint = System.nanoTime();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder checkpointFailures = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();

    Checkpointer(Database db, Journal journal, Supplier<Connection> connection) {
        this.db = db;
        this.journal = journal;
        this.connection = connection;
    }

    /**
     * Has H2 write its file and fsync it ({@code CHECKPOINT SYNC}) when the journal holds
     * {@link #CHECKPOINT_BYTES} or is {@link #CHECKPOINT_INTERVAL} old (or {@code now}), then starts a
     * new journal segment and deletes those the checkpoint covers. A failed checkpoint is logged and
     * counted and tried again after the interval; the journal keeps everything meanwhile.
     */
    void checkpoint(boolean now) {
        long bytes = journal.bytesSinceRoll();
        if (bytes == 0
                || !now
                        && bytes < CHECKPOINT_BYTES
                        && System.nanoTime() - lastCheckpoint < CHECKPOINT_INTERVAL.toNanos()) {
            return;
        }
        long started = System.nanoTime();
        lastCheckpoint = started;
        try (Statement s = connection.get().createStatement()) {
            s.execute("CHECKPOINT SYNC");
            long covered = journal.nextLsn() - 1;
            journal.roll();
            journal.deleteThrough(covered);
            checkpoints.increment();
            LOG.debug(
                    "checkpoint [journal bytes: {}, through lsn: {}, took: {} ms]",
                    bytes,
                    covered,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            checkpointFailures.increment();
            LOG.error(
                    "checkpoint failed; the journal keeps every change and it is tried again in {} s [error: {}]",
                    CHECKPOINT_INTERVAL.toSeconds(),
                    e.toString());
        }
    }

    /** Between batches: H2 writes what it holds unsaved once past its limit (no sync; a checkpoint syncs). */
    void storeIfFull() {
        try {
            H2Writes.storeIfFull(connection.get(), db.unsavedLimit());
        } catch (SQLException | RuntimeException e) {
            storeFailures.increment();
            LOG.error("H2 could not write its unsaved pages; the journal keeps every change [error: {}]", e.toString());
        }
    }

    long done() {
        return checkpoints.sum();
    }

    long storeFailures() {
        return storeFailures.sum();
    }

    long failures() {
        return checkpointFailures.sum();
    }
}
