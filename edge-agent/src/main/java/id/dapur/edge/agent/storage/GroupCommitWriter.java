package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the database: a dedicated thread that drains every waiting task into one
 * transaction (group commit), gives each task its own savepoint so a failing task changes nothing
 * while the others commit, appends what the batch changed to the {@link Journal} and fdatasyncs it,
 * and only then commits H2 (in memory: reads see it at once) and completes the tasks' futures. So a
 * completed durable task is on disk, and the cost of one sync is shared by everything that queued
 * behind it. H2 writes its file behind, in checkpoints ({@code CHECKPOINT SYNC}) every
 * {@link Checkpointer#CHECKPOINT_INTERVAL} or {@link Checkpointer#CHECKPOINT_BYTES} of journal, which note the journal
 * position they cover; the journal's segments behind a checkpoint are deleted.
 *
 * <p>Every failure is classified here, once: a task that throws a {@link Problem.Failure} fails with
 * it (rejected or conflict, decided by the task's own rules); anything else a task or the commit
 * throws means the change was not stored and fails as the retryable {@code STORAGE_UNAVAILABLE}, so
 * no caller ever tells a client "rejected" for what a retry would store. What listeners do after a
 * commit cannot fail the commit's callers. An {@link Error} kills the writer: it says so through
 * {@link #failure()}, fails everything queued, and tells {@link #onDeath}.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Tasks per batch at most: bounds what H2 holds unsaved inside one transaction (it stores only between them). */
    private static final int MAX_BATCH = 128;

    /** Work that runs inside the writer's transaction. Throwing rolls back only this task. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c, WriteBatch batch) throws SQLException;
    }

    private final Database db;
    private Connection connection; // the writer thread's own; replaced after a compaction
    private final StatementLog log = new StatementLog();
    private final Journal journal;
    private final Checkpointer checkpointer;
    private final GrowthCheck growth;
    private final WriterQueue queue = new WriterQueue(() -> this.running, () -> this.death != null);
    private final Thread thread;
    private final Subscribers subscribers = new Subscribers();
    private volatile boolean cloudEvents;
    private volatile boolean running = true;
    private volatile Throwable death;
    private volatile Consumer<Throwable> onDeath = e -> {};
    private volatile long busySince; // System.nanoTime() when the batch in hand was taken; 0 when idle
    private volatile long lastCommit = System.nanoTime();
    private final LongAdder storageFailures = new LongAdder();
    private final WriterStats stats = new WriterStats();
    private volatile WriteStage.Recorder stages = (stage, nanos) -> {};

    public GroupCommitWriter(Database db) throws SQLException {
        this.db = db;
        this.growth = new GrowthCheck(db);
        try {
            this.journal = Journal.open(Journal.dir(db.dir()), db.journalLsn() + 1);
            journal.deleteThrough(db.journalLsn()); // the database opened holding them (replayed, checkpointed)
        } catch (java.io.IOException e) {
            throw new SQLException("cannot open the journal: " + e.getMessage(), e);
        }
        this.connection = db.writerConnection();
        this.connection.setAutoCommit(false);
        this.checkpointer = new Checkpointer(db, journal, () -> connection);
        this.thread = new Thread(this::loop, "h2-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A writer whose outbox entries go to {@code onCommitted} (tests and benchmarks). */
    public GroupCommitWriter(Database db, Consumer<List<OutboxEntry>> onCommitted) throws SQLException {
        this(db);
        subscribe(OutboxEntry.class, onCommitted);
    }

    /**
     * After each commit, {@code consumer} gets what the batch published of {@code type}, in commit
     * order, on the writer thread (hand it to your own context; keep it short). Subscribers are told
     * in the order they subscribed. One that throws is logged and counted; the commit stands.
     */
    public <T> void subscribe(Class<T> type, Consumer<List<T>> consumer) {
        subscribers.add(type, consumer);
    }

    /** Who gets the time of each step of each batch (set before the first task). */
    public void timeStages(WriteStage.Recorder recorder) {
        this.stages = recorder;
    }

    /** Turns on writing events for the cloud outbox (before the first task). */
    public void writeCloudEvents() {
        this.cloudEvents = true;
    }

    /** Who hears that the writer died (once, on the writer thread). */
    public void onDeath(Consumer<Throwable> listener) {
        this.onDeath = listener;
    }

    /**
     * Queues work; the future completes on the caller's Vert.x context after commit (and fsync if
     * durable). It fails with a {@link Problem.Failure}: the task's own, or {@code STORAGE_UNAVAILABLE}
     * (retryable) when the change could not be stored.
     */
    public <T> Future<T> submit(Context context, boolean durable, Work<T> work) {
        return queue.submit(context, durable, work);
    }

    /**
     * For records that must not be dropped because the queue is momentarily full (HACCP readings,
     * excursions, alerts): waits for room, checking every {@value WriterQueue#PATIENCE_STEP_MS} ms on the
     * caller's context (never blocking it), for at most {@code patience}; then fails like
     * {@link #submit}. A dead or closing writer fails at once: waiting cannot help.
     */
    public <T> Future<T> submit(Context context, boolean durable, Work<T> work, Duration patience) {
        return queue.submit(context, durable, work, patience);
    }

    /** How often a patient task found the queue full and waited. */
    public long patientWaits() {
        return queue.patientWaits();
    }

    /** The one failure a caller sees when a change was not stored: retryable, with the reason. */
    public static Problem.Failure unavailable(String why) {
        return Problem.of(ErrorCode.STORAGE_UNAVAILABLE, "the change could not be stored (" + why + "); send it again")
                .asFailure();
    }

    /**
     * Why the writer cannot be trusted now, or null: it died, or it has held a batch for longer
     * than {@code stuckAfter} without committing it.
     */
    public String failure(Duration stuckAfter) {
        Throwable d = death;
        if (d != null) {
            return "the storage writer died: " + d;
        }
        long since = busySince;
        if (since != 0 && System.nanoTime() - since > stuckAfter.toNanos()) {
            return "the storage writer has held work for " + (System.nanoTime() - since) / 1_000_000_000
                    + " s without committing";
        }
        return null;
    }

    /** How long since the last commit. */
    public long lastCommitAgoMs() {
        return (System.nanoTime() - lastCommit) / 1_000_000;
    }

    /** Tasks that failed because their change could not be stored (not the ones their rules refused). */
    public long storageFailures() {
        return storageFailures.sum();
    }

    /** Listeners that threw after a commit (the commit stood; what they were to do was not done). */
    public long listenerFailures() {
        return subscribers.failures();
    }

    public int queued() {
        return queue.size();
    }

    public long syncs() {
        return stats.syncs();
    }

    public long batches() {
        return stats.batches();
    }

    private void loop() {
        List<WriterQueue.Task<?>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (running || !queue.isEmpty()) {
                WriterQueue.Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    busySince = System.nanoTime();
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    runBatch(batch);
                    batch.clear();
                    busySince = 0;
                    checkpointer.storeIfFull(); // between transactions, never inside one
                }
                if (running) {
                    checkpointer.checkpoint(false);
                    connection = growth.run(connection, queue::size, t -> busySince = t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            die(batch, e);
        } catch (Throwable e) { // an Error, or a database that did not open again after compaction: no going on
            die(batch, e);
        }
    }

    /** The database file's size as of the writer's last look (every 10 s, and after a compaction). */
    public long fileBytes() {
        return growth.fileBytes();
    }

    /** Compactions done while running. */
    public long compactions() {
        return growth.compactions();
    }

    private void die(List<WriterQueue.Task<?>> inHand, Throwable e) {
        death = e;
        running = false;
        busySince = 0;
        LOG.error(
                "storage writer died; nothing more can be stored [tasks in hand: {}, queued: {}]",
                inHand.size(),
                queue.size(),
                e);
        Problem.Failure f = unavailable("the storage writer has died");
        inHand.forEach(t -> t.complete(null, f));
        queue.failAll(f);
        try {
            onDeath.accept(e);
        } catch (RuntimeException x) {
            LOG.error("storage writer death listener failed", x);
        }
    }

    private void runBatch(List<WriterQueue.Task<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] errors = new Throwable[batch.size()];
        WriteBatch wb = new WriteBatch(cloudEvents);
        boolean durable = false;
        long t0 = System.nanoTime();
        WriteStage.Recorder rec = stages;
        log.clear();
        Connection recording = log.connection(connection);
        for (int i = 0; i < batch.size(); i++) {
            WriterQueue.Task<?> t = batch.get(i);
            rec.record(WriteStage.QUEUED, t0 - t.queuedAt());
            int mark = wb.mark();
            int logMark = log.mark();
            try {
                Savepoint sp = connection.setSavepoint();
                try {
                    results[i] = t.work().run(recording, wb);
                    durable |= t.durable();
                } catch (SQLException | RuntimeException | Error e) { // only this task is undone
                    connection.rollback(sp);
                    wb.reset(mark);
                    log.reset(logMark);
                    if (e instanceof Error fatal) {
                        throw fatal;
                    }
                    // a Problem.Failure is the task's own rules refusing it; anything else: not stored
                    errors[i] = e instanceof Problem.Failure refused ? refused : notStored((Exception) e);
                }
            } catch (SQLException e) {
                errors[i] = notStored(e);
            }
        }
        // an event for the cloud leaves only once durable: its batch is synced, whatever its tasks asked for.
        // Sent before the sync and lost in a power cut, the cloud would keep an event the agent no longer
        // has, and the agent would give the next one the same key: the cloud would drop it as a duplicate
        durable |= wb.published().stream().anyMatch(CloudEventWritten.class::isInstance);
        long t1 = System.nanoTime();
        boolean journaled = false;
        if (!log.isEmpty()) {
            // the commit point: the batch's record, synced if any task needs it, before H2 commits and anyone hears
            try {
                JournalReplay.setLsn(connection, journal.nextLsn());
                log.encode();
                journal.append(log.bytes(), log.length(), durable);
                journaled = true;
            } catch (java.io.IOException | SQLException | RuntimeException e) {
                LOG.error(
                        "the journal could not be written; every task of the batch fails, retryable, nothing of it is kept [tasks: {}, error: {}]",
                        batch.size(),
                        e.toString());
                storageFailures.add(batch.size());
                rollbackQuietly();
                busySince = 0;
                Problem.Failure f = unavailable("the journal could not be written: " + e.getMessage());
                batch.forEach(t -> t.complete(null, f));
                return;
            }
        }
        long t2 = System.nanoTime();
        try {
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            if (journaled) {
                // the journal holds a batch H2 could not take: only a restart (replay) makes them agree again
                throw new IllegalStateException("H2 refused a commit the journal already holds", e);
            }
            LOG.error(
                    "storage commit failed; every task of the batch fails, retryable [tasks: {}, error: {}]",
                    batch.size(),
                    e.toString());
            storageFailures.add(batch.size());
            rollbackQuietly();
            busySince = 0;
            Problem.Failure f = unavailable("the commit failed");
            batch.forEach(t -> t.complete(null, f));
            return;
        }
        long t3 = System.nanoTime();
        stats.batch(batch.size(), durable && journaled, t1 - t0, t3 - t2, t2 - t1);
        rec.record(WriteStage.WORK, t1 - t0);
        rec.record(WriteStage.COMMIT, t3 - t2);
        if (durable && journaled) {
            rec.record(WriteStage.SYNC, t2 - t1);
        }
        lastCommit = System.nanoTime();
        busySince = 0; // before any caller hears of it: what it holds now is committed
        // committed: from here on nothing may fail the callers
        long t4 = System.nanoTime();
        subscribers.tell(wb.published());
        rec.record(WriteStage.TELL, System.nanoTime() - t4);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results[i], errors[i]);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next batch will fail the same way and say so
        }
    }

    /** Checkpoints done (H2's file written and synced, journal segments behind it deleted). */
    public long checkpoints() {
        return checkpointer.done();
    }

    /** H2's writes of its unsaved pages between batches that failed (the journal kept everything; tried after the next batch). */
    public long storeFailures() {
        return checkpointer.storeFailures();
    }

    /** Checkpoints that failed (the journal kept everything; tried again later). */
    public long checkpointFailures() {
        return checkpointer.failures();
    }

    private Problem.Failure notStored(Exception e) {
        storageFailures.increment();
        LOG.error("a change could not be stored; its caller is told to retry [error: {}]", e.toString(), e);
        return unavailable("a storage error, logged by the agent"); // the SQL detail is for the log, not the client
    }

    /** Tasks per batch on average: how much one fsync is shared. */
    public double meanBatchSize() {
        return stats.meanBatchSize();
    }

    /** Where the writer's time went, in ms per batch: the tasks' work, COMMIT, CHECKPOINT SYNC. */
    public String profile() {
        return stats.profile();
    }

    /** Finishes every queued task, then stops the thread and closes the connection. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            checkpointer.checkpoint(true); // H2 then holds everything: the next start replays nothing
            log.close();
        }
        journal.close();
        LOG.info("storage writer stopped [{}]", profile());
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing writer connection: {}", e.getMessage());
        }
    }
}
