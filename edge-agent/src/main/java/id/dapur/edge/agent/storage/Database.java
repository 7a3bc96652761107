package id.dapur.edge.agent.storage;

import id.dapur.edge.cloud.DurableFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's H2 file: opened, migrated by Flyway, and never deleted or recreated behind the user's
 * back. A file that cannot be opened is moved to {@code quarantine/} intact with a note of why, and a
 * marker keeps the agent from starting on an empty database until the operator says so
 * ({@code --start-fresh}) or restores a good file.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String NAME = "dapur";
    static final String MARKER = Quarantine.MARKER;

    private final Path dir;
    private volatile H2Pool pool;
    /** Every connection out holds a permit; compaction takes them all (see {@link #compact}). */
    private final Semaphore gate = new Semaphore(GATE, true);

    private static final int GATE = 1 << 16;

    /** The last journal record the file held when it opened (after replay); the writer's journal goes on after it. */
    private final long journalLsn;

    /** H2's own limit of unsaved pages (bytes): the writer has it store between transactions past it. */
    private final int unsavedLimit;

    private Database(Path dir, H2Pool pool, long journalLsn, int unsavedLimit) {
        this.dir = dir;
        this.pool = pool;
        this.journalLsn = journalLsn;
        this.unsavedLimit = unsavedLimit;
    }

    int unsavedLimit() {
        return unsavedLimit;
    }

    /**
     * How much H2 may hold unsaved (its own estimate, which counts every copy of a page it changed)
     * before the writer has it write between batches: a quarter of the heap, at least what H2 itself
     * would use and at most 32 MB; {@code -Ddapur.storage.unsavedMb} overrides. H2's own limit (4 MB
     * at {@code -Xmx64m}) made it write every dozen orders at an outlet's pace, rewriting the same
     * pages each time; at 16 MB the card sees about a third of those writes (docs/PERFORMANCE.md).
     * What it really holds is far less than its estimate, and never more.
     */
    static int unsavedLimit(int h2Limit, long maxHeap) {
        int mb = Integer.getInteger("dapur.storage.unsavedMb", 0);
        if (mb > 0) {
            return mb << 20;
        }
        long quarter = Math.min(maxHeap / 4, 32L << 20);
        return (int) Math.max(h2Limit, quarter);
    }

    public static Path file(Path dir) {
        return dir.resolve(NAME + ".mv.db");
    }

    /**
     * Opens (creating only on first start) and migrates the database in {@code dir}. Blocking: call
     * from a worker.
     */
    public static Database open(Path dir, boolean startFresh) throws StorageUnavailableException {
        try {
            DurableFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot create storage dir " + dir + ": " + e.getMessage(), null, e);
        }
        Quarantine.checkBeforeOpening(dir, file(dir), startFresh);
        // WRITE_DELAY=0: no background writer, so H2 writes in the committing thread, in order (and, with
        // H2Writes, only at the writer's checkpoints or when its unsaved pages pass its limit, not per commit).
        // Before the journal, each commit's chunk was written in the committing thread,
        // in order. With the default (500 ms), its background thread saves chunk buffers asynchronously,
        // and a kill -9 left a file whose newest chunk referenced one never written ("Chunk 27 not found",
        // tables gone) in about 1 of 10 CrashSafetyIT runs, with or without COMPRESS. Commits are grouped
        // by GroupCommitWriter, so a chunk per commit costs little; COMPRESS keeps bytes written per order low.
        // REUSE_SPACE=FALSE: every chunk is appended, never written over space H2 has freed. With reuse on, a
        // chunk could land inside the file where H2's recovery does not look for it (it follows a chain of
        // predicted positions from the file header, and the file's tail), and a power cut then made H2 fall
        // back to an older chunk: fsynced, ACCEPTED orders were gone (docs/durability.md, the power-cut
        // harness reproduced it in a few cuts). Appending, the newest valid chunk is always at the tail.
        // The file grows while the agent runs; it is copied compact when it opens (below, once it has
        // passed every check: a file that fails them is moved aside as it is, never rewritten) and while
        // running (GroupCommitWriter).
        H2Pool pool;
        int unsavedLimit;
        try {
            pool = H2Pool.open(dir);
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StorageUnavailableException(
                        "the database in " + dir + " is in use by another process", null, e);
            }
            throw Quarantine.database(dir, file(dir), e);
        }
        try {
            Connection c = pool.opener();
            c.isValid(1);
            // before replay: it stores between records, never inside one
            unsavedLimit =
                    unsavedLimit(H2Writes.onlyWhenAsked(c), Runtime.getRuntime().maxMemory());
            long trimmed = 0;
            try {
                trimmed = H2Writes.trimTail(c);
            } catch (SQLException e) {
                // not a sign of a bad file: H2 opened it; it goes on as before the cut existed, and says so
                LOG.error(
                        "could not cut off what a power cut left past H2's last chunk; going on [error: {}]",
                        e.getMessage());
            }
            if (trimmed > 0) {
                LOG.warn(
                        "the database file had {} bytes past its last whole chunk (a power cut's torn writes):"
                                + " cut off and synced before anything else is written [file: {}]",
                        trimmed,
                        file(dir));
            }
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StorageUnavailableException(
                        "the database in " + dir + " is in use by another process", null, e);
            }
            throw Quarantine.database(dir, file(dir), e);
        }
        long journalLsn;
        try {
            // the journal's records were made on the schema as it was: applied before any migration runs
            journalLsn = JournalReplay.run(pool.dataSource(), dir, unsavedLimit);
        } catch (JournalReplay.Failed e) {
            pool.dispose();
            throw Quarantine.journal(dir, file(dir), e);
        } catch (SQLException e) {
            pool.dispose();
            throw new StorageUnavailableException("cannot apply the journal: " + e.getMessage(), null, e);
        }
        try {
            // a database migrated by a newer version that was rolled back (docs/fleet.md) holds migrations this
            // version does not know: they are expand-only (MigrationPolicyTest), so it runs on them as they are
            Flyway.configure()
                    .dataSource(pool.dataSource())
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .ignoreMigrationPatterns("*:future")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new StorageUnavailableException("database migration failed: " + e.getMessage(), null, e);
        }
        List<String> missing;
        try {
            missing = missingTables(pool);
        } catch (SQLException e) {
            pool.dispose();
            throw Quarantine.database(dir, file(dir), e);
        }
        if (!missing.isEmpty()) {
            // H2 opened the file but lost tables (it logs "Chunk N not found" to its trace file and goes on):
            // never run on a database that silently lost data
            pool.dispose();
            throw Quarantine.database(
                    dir,
                    file(dir),
                    new SQLException("tables missing after opening: " + missing + " (see dapur.trace.db)"));
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            // the file as migrated, then its name: a cut before the first order must not leave a half-made file
            s.execute("CHECKPOINT SYNC");
            DurableFiles.syncDirectory(dir);
        } catch (SQLException | IOException e) {
            pool.dispose();
            throw new StorageUnavailableException("cannot make the new database durable: " + e.getMessage(), null, e);
        }
        LOG.info(
                "storage open [file: {}, since the JVM started: {} ms]",
                file(dir),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        Database db = new Database(dir, pool, journalLsn, unsavedLimit);
        if (FileCompaction.sizes(file(dir)).grown(2, FileCompaction.ABOVE)) {
            try {
                db.compact();
            } catch (SQLException e) {
                throw new StorageUnavailableException(
                        "the database did not open again after compacting it: " + e.getMessage(), null, e);
            }
        }
        return db;
    }

    /** Every table the migrations create; checked at open. */
    public static final List<String> TABLES = List.of(
            "orders",
            "tickets",
            "ticket_actions",
            "outbox",
            "dead_letters",
            "agent_meta",
            "print_jobs",
            "alerts",
            "sensor_readings",
            "sensor_rollups",
            "excursions",
            "calibration_changes",
            "cloud_outbox",
            "cloud_dead_letters",
            "cloud_shed",
            "cloud_commands",
            "menu_availability",
            "cloud_feed",
            "audit_log",
            "station_staff",
            "waste",
            "ticket_history",
            "line_history",
            "daily_summaries",
            "history_rollups");

    private static List<String> missingTables(H2Pool pool) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            for (String t : TABLES) {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1 FROM " + t + " LIMIT 1").close();
                } catch (SQLException e) {
                    if (e.getErrorCode() != ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1
                            && e.getErrorCode() != ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1) {
                        throw e;
                    }
                    missing.add(t);
                }
            }
        }
        return missing;
    }

    /** What a read does with its connection (a feature's store says; callers above the stores never see JDBC). */
    @FunctionalInterface
    public interface Read<T> {
        T read(Connection c) throws SQLException;
    }

    /** Reads on a worker, never the event loop, with a connection of its own, closed after. */
    public <T> Future<T> read(Vertx vertx, Read<T> read) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = connection()) {
                        return read.read(c);
                    }
                },
                false);
    }

    /**
     * A connection to read with; close it soon (try-with-resources): a compaction waits for every
     * connection out. It refuses statements that change data: changes go through the storage writer,
     * whose journal is what makes them durable.
     */
    public Connection connection() throws SQLException {
        return gated(true);
    }

    /** The storage writer's connection (the one that may change data). */
    Connection writerConnection() throws SQLException {
        return gated(false);
    }

    /** The last journal record this file held when it opened. */
    long journalLsn() {
        return journalLsn;
    }

    private Connection gated(boolean readOnly) throws SQLException {
        gate.acquireUninterruptibly();
        try {
            return GatedConnection.wrap(pool.getConnection(), gate::release, readOnly);
        } catch (SQLException | RuntimeException e) {
            gate.release();
            throw e;
        }
    }

    /**
     * Compacts the file while the agent runs (it only grows, REUSE_SPACE=FALSE): waits until no
     * connection is out and holds new ones back, shuts H2 down, copies the file compact
     * ({@link FileCompaction}), opens it again. Blocking; the writer calls it between batches with its
     * own connection closed. Readers wait for it (a few hundred ms for tens of MB). False when the copy
     * failed (the file is as it was, logged); throws only if the database cannot be opened again.
     */
    public boolean compact() throws SQLException {
        boolean compacted;
        gate.acquireUninterruptibly(GATE);
        try {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } finally {
                pool.dispose();
            }
            compacted = FileCompaction.now(file(dir));
            H2Pool reopened = H2Pool.open(dir);
            try {
                H2Writes.onlyWhenAsked(reopened.opener());
            } catch (SQLException e) {
                reopened.dispose();
                throw e;
            }
            pool = reopened;
        } finally {
            gate.release(GATE);
        }
        return compacted;
    }

    public Path dir() {
        return dir;
    }

    /** This database's identity, made when it was created (the cloud's key prefix, the screens' reset token). Blocking. */
    public String instanceId() throws SQLException {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement("SELECT val FROM agent_meta WHERE name = 'instance'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Writes everything and closes the file cleanly, compacting it for at most a few seconds. */
    @Override
    public void close() {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN"); // compacts for at most MAX_COMPACT_TIME
        } catch (SQLException e) {
            LOG.warn("database did not shut down cleanly [dir: {}, error: {}]", dir, e.getMessage());
        } finally {
            pool.dispose();
        }
        LOG.info("storage closed [dir: {}]", dir);
    }
}
