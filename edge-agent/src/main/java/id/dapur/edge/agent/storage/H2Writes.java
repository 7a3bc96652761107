package id.dapur.edge.agent.storage;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes H2 write its file only when the storage writer asks: at a checkpoint, or between two
 * transactions when its unsaved pages pass the limit H2 itself would have used; never at each
 * commit, never on a timer or a background thread, and never in the middle of a transaction.
 *
 * <p>Why: H2 offers two modes, neither of which fits a journal in front of it. {@code WRITE_DELAY=0}
 * writes a chunk at every commit (the wear the journal exists to avoid); any other delay starts a
 * background writer with serialization and save threads of its own. And in both, when its unsaved
 * pages pass a memory limit, H2 writes in the middle of a transaction; after a kill -9 at the wrong
 * moment it then opened with rows of a transaction that never committed (an order row without the
 * journal mark written in the same transaction: CrashSafetyIT, about 1 run in 8), so the journal's
 * replay met a row that was already there. So the database opens with {@code WRITE_DELAY=0} (no
 * background threads), and this sets, through H2's internals, its store's auto-commit delay to
 * "never" and its memory limit out of reach; the writer then stores between transactions
 * ({@link #storeIfFull}). The H2 version is pinned; {@code JournalReplayIT} fails if H2 writes its
 * file between checkpoints. Only the session that opens the database has {@code WRITE_DELAY=0} in its
 * URL ({@link H2Pool}): H2 runs a URL's settings again for every new session.
 */
final class H2Writes {
    private static final Logger LOG = LoggerFactory.getLogger(H2Writes.class);

    private H2Writes() {}

    /** Whether H2 writes its file only when asked now (its delay and memory limit are as {@link #onlyWhenAsked} set them). */
    static boolean inCharge(Connection c) throws SQLException {
        MVStore store = store(c);
        return store.getFileStore().getAutoCommitDelay() == Integer.MAX_VALUE
                && store.getAutoCommitMemory() == Integer.MAX_VALUE / 4;
    }

    /** Takes over H2's writes; returns the unsaved-memory limit H2 had (bytes), for {@link #storeIfFull}. */
    static int onlyWhenAsked(Connection c) throws SQLException {
        try {
            MVStore store = store(c);
            int limit = store.getAutoCommitMemory();
            store.setAutoCommitDelay(0); // stops H2's background writer, if one runs
            Field delay = FileStore.class.getDeclaredField("autoCommitDelay");
            delay.setAccessible(true);
            delay.setInt(store.getFileStore(), Integer.MAX_VALUE);
            if (limit < Integer.MAX_VALUE / 4) {
                Field memory = MVStore.class.getDeclaredField("autoCommitMemory");
                memory.setAccessible(true);
                // not MAX_VALUE: H2 compares 4 * unsaved with 3 * this limit in int arithmetic
                memory.setInt(store, Integer.MAX_VALUE / 4);
            }
            if (store.getFileStore().getAutoCommitDelay() != Integer.MAX_VALUE
                    || store.getAutoCommitMemory() != Integer.MAX_VALUE / 4) {
                throw new IllegalStateException("H2 did not take the settings");
            }
            return limit < Integer.MAX_VALUE / 4 ? limit : 4 << 20;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException(
                    "cannot keep H2 from writing at every commit (does this H2 version differ from the one the agent was built with?): "
                            + e,
                    e);
        }
    }

    /** Between transactions only: has H2 write what it holds unsaved (no sync) when it passes {@code limit} bytes. */
    static void storeIfFull(Connection c, int limit) throws SQLException {
        MVStore store = store(c);
        if (store.getFileStore().getAutoCommitDelay() != Integer.MAX_VALUE) {
            // something set H2's write delay back (a session made with WRITE_DELAY in its URL: H2Pool); take it
            // over again, and say so
            LOG.warn(
                    "H2 had gone back to writing at every commit; taken over again [delay: {}]",
                    store.getFileStore().getAutoCommitDelay());
            onlyWhenAsked(c);
        }
        if (store.getUnsavedMemory() > limit) {
            store.commit();
        }
    }

    /**
     * As the file opens, before anything is written to it: cuts off bytes past H2's last chunk and
     * syncs, returning how many. A power cut can leave chunks that were written after the last sync
     * while the ones before them were lost; H2 ignores them as it opens and truncates them later,
     * without a sync of the truncation. The power-cut bench once found a table missing after a cut
     * that lost such a truncation (the file had 371 KB past H2's last chunk when that agent started,
     * and the cut came while it replayed its journal): the stale chunks coming back, newer-looking
     * than H2's own, is the likely cause. Done here, the file H2 writes after is the file a later
     * cut leaves.
     */
    static long trimTail(Connection c) throws SQLException {
        try {
            FileStore<?> fs = store(c).getFileStore();
            java.lang.reflect.Method inUse = null;
            for (Class<?> k = fs.getClass(); inUse == null && k != null; k = k.getSuperclass()) {
                for (java.lang.reflect.Method m : k.getDeclaredMethods()) {
                    if (m.getName().equals("getFileLengthInUse") && m.getParameterCount() == 0) {
                        inUse = m;
                    }
                }
            }
            if (inUse == null) {
                throw new NoSuchMethodException(fs.getClass().getName() + ".getFileLengthInUse()");
            }
            inUse.setAccessible(true);
            long end = (Long) inUse.invoke(fs);
            long size = fs.size();
            if (end <= 0 || size <= end) {
                return 0;
            }
            fs.sync(); // as H2's own shrink does: what it wrote before is durable first
            java.lang.reflect.Method truncate = fs.getClass().getMethod("truncate", long.class);
            truncate.invoke(fs, end);
            fs.sync();
            return size - end;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException(
                    "cannot cut off what a power cut left past H2's last chunk (does this H2 version differ from the one"
                            + " the agent was built with?): " + e,
                    e);
        }
    }

    private static MVStore store(Connection c) throws SQLException {
        SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }
}
