package id.dapur.edge.agent.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage writer's look at its file, between batches, on the writer thread: every 10 s it
 * notes the size (for /metrics), and if the file has grown four times past its size after the last
 * compaction (and past 32 MB) it compacts it, in a lull (or at once past 64 MB). The writer is the
 * only one that writes, so nothing is lost or reordered; tasks wait in the queue meanwhile. A
 * database that cannot be opened again throws, which kills the writer (health DOWN, the agent exits
 * for its supervisor).
 */
final class GrowthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(GrowthCheck.class);
    private final Database db;
    private long next;
    private volatile long compactions;
    private volatile long fileBytes;

    GrowthCheck(Database db) {
        this.db = db;
    }

    /**
     * Looks if it is time; returns the connection the writer goes on with: {@code connection}, or a
     * new one after a compaction. {@code busy} is told when the writer is held (nanoTime) and when it is free (0).
     */
    Connection run(Connection connection, IntSupplier queued, LongConsumer busy) throws SQLException {
        long now = System.nanoTime();
        if (now < next) {
            return connection;
        }
        next = now + TimeUnit.SECONDS.toNanos(10);
        FileCompaction.Sizes sizes = FileCompaction.sizes(Database.file(db.dir()));
        fileBytes = sizes.now();
        if (!sizes.grown(4, FileCompaction.ABOVE)
                || queued.getAsInt() > 0 && !sizes.grown(4, 2 * FileCompaction.ABOVE)) {
            return connection;
        }
        busy.accept(now);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the writer connection before compaction: {}", e.getMessage());
        }
        boolean compacted;
        Connection fresh;
        try {
            compacted = db.compact();
        } finally {
            fresh = db.writerConnection();
            fresh.setAutoCommit(false);
            busy.accept(0);
        }
        if (!compacted) { // logged by the copy; try again later, not every 10 s with a pause each time
            next = now + TimeUnit.MINUTES.toNanos(10);
            return fresh;
        }
        compactions++;
        fileBytes = FileCompaction.sizes(Database.file(db.dir())).now();
        LOG.info(
                "database compacted while running [took: {} ms, tasks waiting: {}]",
                (System.nanoTime() - now) / 1_000_000,
                queued.getAsInt());
        return fresh;
    }

    /** The database file's size as of the last look (every 10 s, and after a compaction). */
    long fileBytes() {
        return fileBytes;
    }

    /** Compactions done while running. */
    long compactions() {
        return compactions;
    }
}
