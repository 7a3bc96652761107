package id.dapur.edge.agent.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, before anything reads or writes: applies to H2 every journal record after the last one
 * its file covers ({@code agent_meta} {@value #LSN}), in order, in transactions that also move that
 * mark, so a replay cut short by a crash or a power cut goes on where it stopped the next time.
 */
final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
    /** The name in {@code agent_meta} of the last journal lsn whose batch the database holds. */
    static final String LSN = "journal.lsn";
    /** Sequence numbers left unused after a replay: values a lost, unsynced batch gave out are never given twice. */
    static final long SEQUENCE_GAP = 100_000;

    /** Why the journal could not be applied; the caller moves it aside and refuses to start. */
    static final class Failed extends Exception {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private JournalReplay() {}

    /** Replays what the database lacks; returns the last lsn it now holds. Blocking. */
    static long run(DataSource pool, Path storageDir, int unsavedLimit) throws Failed, SQLException {
        Path dir = Journal.dir(storageDir);
        try (Connection c = pool.getConnection()) {
            boolean hasMeta = hasTable(c, "AGENT_META");
            long from = hasMeta ? lsn(c) : 0;
            if (Journal.segments(dir).isEmpty()) {
                return from;
            }
            if (!hasMeta) {
                throw new Failed("the journal has records but the database it belongs to has no tables", null);
            }
            long started = System.nanoTime();
            c.setAutoCommit(false);
            Map<String, PreparedStatement> cache = new HashMap<>(); // each statement prepared once; closed after
            long[] high = {0};
            int[] statements = {0};
            Journal.ReadResult read;
            try {
                read = Journal.read(dir, from, (lsn, payload) -> {
                    RecordReplay.Replayed r = RecordReplay.replay(c, payload, cache);
                    high[0] = Math.max(high[0], r.sequenceHigh());
                    statements[0] += r.statements();
                    setLsn(c, lsn);
                    c.commit(); // one record, one transaction: H2 stores only between them
                    H2Writes.storeIfFull(c, unsavedLimit);
                });
                c.commit();
            } catch (Exception e) {
                rollbackQuietly(c);
                throw new Failed("a journal record could not be applied: " + e.getMessage(), e);
            } finally {
                for (PreparedStatement ps : cache.values()) {
                    ps.close();
                }
            }
            if (read.records() > 0 || read.tornTail()) {
                moveSequencePast(c, high[0]);
                c.commit();
            }
            if (read.gap()) {
                throw new Failed("the journal has a gap: " + read.tail(), null);
            }
            if (read.records() > 0) {
                LOG.info(
                        "journal replayed [records: {}, statements: {}, lsn: {} to {}, took: {} ms]",
                        read.records(),
                        statements[0],
                        from + 1,
                        read.lastLsn(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            if (read.tornTail()) {
                // only what was never acknowledged can be here: a durable batch is answered after its record's sync
                LOG.warn("journal ended in an incomplete record, not applied (it was never synced) [{}]", read.tail());
            }
            c.setAutoCommit(true);
            return read.lastLsn();
        } catch (IOException e) {
            throw new SQLException("cannot read the journal in " + dir + ": " + e.getMessage(), e);
        } catch (Failed | SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new Failed("reading the journal failed: " + e, e);
        }
    }

    static long lsn(Connection c) throws SQLException {
        String v = AgentMeta.get(c, LSN);
        return v == null ? 0 : Long.parseLong(v);
    }

    static void setLsn(Connection c, long lsn) throws SQLException {
        AgentMeta.set(c, LSN, Long.toString(lsn));
    }

    private static void moveSequencePast(Connection c, long high) throws SQLException {
        long next;
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXT VALUE FOR global_seq");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER SEQUENCE global_seq RESTART WITH " + (Math.max(next, high + 1) + SEQUENCE_GAP));
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback after a failed replay: {}", e.getMessage());
        }
    }
}
