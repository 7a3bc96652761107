package id.dapur.edge.agent.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the database: a dedicated thread that drains every waiting task into one
 * transaction (group commit), gives each task its own savepoint so a failing task changes nothing
 * while the others commit, commits, and then forces the commit to disk with {@code CHECKPOINT SYNC}
 * (H2 has no fsync-on-commit) before any task's future completes. So a completed durable task has
 * been fsynced, and the cost of one fsync is shared by everything that queued behind it.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 512;

    /** Work that runs inside the writer's transaction. Throwing rolls back only this task. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c, WriteBatch batch) throws SQLException;
    }

    private record Task<T>(Work<T> work, boolean durable, Promise<T> promise, Context context) {
    }

    private final Connection connection;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>(10_000);
    private final Thread thread;
    private final Consumer<List<OutboxEntry>> onCommitted;
    private volatile Consumer<List<PrintJob>> onPrintJobs = jobs -> { };
    private volatile CloudListener onCloud;

    /** Told after each commit that wrote events for the cloud: how many, their bytes, the oldest's time. */
    @FunctionalInterface
    public interface CloudListener {
        void committed(int events, long bytes, java.time.Instant oldest);
    }
    private volatile boolean running = true;
    private volatile long syncs;
    private volatile long batches;
    private volatile long tasks;
    private volatile long workNanos;
    private volatile long commitNanos;
    private volatile long syncNanos;

    public GroupCommitWriter(Database db, Consumer<List<OutboxEntry>> onCommitted) throws SQLException {
        this.connection = db.connection();
        this.connection.setAutoCommit(false);
        this.onCommitted = onCommitted;
        this.thread = new Thread(this::loop, "h2-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Who hears of print jobs once they are committed (the spooler); called on the writer thread. */
    public void onPrintJobs(Consumer<List<PrintJob>> listener) {
        this.onPrintJobs = listener;
    }

    /** Turns on writing events for the cloud (before the first task), and who hears of them after commit. */
    public void onCloudEvents(CloudListener listener) {
        this.onCloud = listener;
    }

    /** Queues work; the future completes on the caller's Vert.x context after commit (and fsync if durable). */
    public <T> Future<T> submit(Context context, boolean durable, Work<T> work) {
        Promise<T> promise = Promise.promise();
        if (!running || !queue.offer(new Task<>(work, durable, promise, context))) {
            return Future.failedFuture(new SQLException(running ? "storage writer queue is full" : "storage is closing"));
        }
        return promise.future();
    }

    public int queued() {
        return queue.size();
    }

    public long syncs() {
        return syncs;
    }

    public long batches() {
        return batches;
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("storage writer batch failed [tasks: {}]", batch.size(), e);
                batch.forEach(t -> complete(t, null, e));
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Task<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] errors = new Throwable[batch.size()];
        WriteBatch wb = new WriteBatch(onCloud != null);
        boolean durable = false;
        long t0 = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Task<?> t = batch.get(i);
            int mark = wb.mark();
            try {
                Savepoint sp = connection.setSavepoint();
                try {
                    results[i] = t.work().run(connection, wb);
                    durable |= t.durable();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(sp);
                    wb.reset(mark);
                    errors[i] = e;
                }
            } catch (SQLException e) {
                errors[i] = e;
            }
        }
        try {
            long t1 = System.nanoTime();
            connection.commit();
            long t2 = System.nanoTime();
            if (durable) {
                try (Statement s = connection.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
                syncs++;
            }
            long t3 = System.nanoTime();
            workNanos += t1 - t0;
            commitNanos += t2 - t1;
            syncNanos += t3 - t2;
            tasks += batch.size();
            batches++;
        } catch (SQLException e) {
            LOG.error("storage commit failed; every task of the batch fails [tasks: {}, error: {}]", batch.size(), e.getMessage());
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the next batch will fail the same way and say so
            }
            batch.forEach(t -> complete(t, null, e));
            return;
        }
        if (!wb.outbox().isEmpty()) {
            onCommitted.accept(wb.outbox());
        }
        if (!wb.printJobs().isEmpty()) {
            onPrintJobs.accept(wb.printJobs());
        }
        if (wb.cloudEvents() > 0 && onCloud != null) {
            onCloud.committed(wb.cloudEvents(), wb.cloudBytes(), wb.cloudFirst());
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], errors[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> t, Object result, Throwable error) {
        Runnable r = () -> {
            if (error != null) {
                t.promise().tryFail(error);
            } else {
                t.promise().tryComplete((T) result);
            }
        };
        if (t.context() != null) {
            t.context().runOnContext(v -> r.run());
        } else {
            r.run();
        }
    }

    /** Tasks per batch on average: how much one fsync is shared. */
    public double meanBatchSize() {
        return batches == 0 ? 0 : (double) tasks / batches;
    }

    /** Where the writer's time went, in ms per batch: the tasks' work, COMMIT, CHECKPOINT SYNC. */
    public String profile() {
        long b = Math.max(1, batches);
        return String.format("batches: %d, tasks: %d, per batch: %.1f tasks, work %.3f ms, commit %.3f ms, sync %.3f ms",
                batches, tasks, meanBatchSize(), workNanos / 1e6 / b, commitNanos / 1e6 / b, syncNanos / 1e6 / b);
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
        LOG.info("storage writer stopped [{}]", profile());
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing writer connection: {}", e.getMessage());
        }
    }
}
