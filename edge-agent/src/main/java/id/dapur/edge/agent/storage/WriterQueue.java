package id.dapur.edge.agent.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The storage writer's queue and who gets into it: a task is queued while the writer runs and there
 * is room (10,000 tasks), or fails at once with {@code STORAGE_UNAVAILABLE} and why; a patient task
 * waits for room on its caller's context for a while first. The writer thread takes from it.
 */
final class WriterQueue {
    static final long PATIENCE_STEP_MS = 20;

    /** A unit of work as queued: its future completes on {@code context} (or the writer thread if none). */
    record Task<T>(
            GroupCommitWriter.Work<T> work, boolean durable, Promise<T> promise, Context context, long queuedAt) {
        Task(GroupCommitWriter.Work<T> work, boolean durable, Promise<T> promise, Context context) {
            this(work, durable, promise, context, System.nanoTime());
        }

        /** Completes the task's future with its result or error, on its caller's context. */
        @SuppressWarnings("unchecked")
        void complete(Object result, Throwable error) {
            Runnable r = () -> {
                if (error != null) {
                    promise.tryFail(error);
                } else {
                    promise.tryComplete((T) result);
                }
            };
            if (context != null) {
                context.runOnContext(v -> r.run());
            } else {
                r.run();
            }
        }
    }

    private final BlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>(10_000);
    private final LongAdder patientWaits = new LongAdder();
    private final BooleanSupplier running;
    private final BooleanSupplier dead;

    WriterQueue(BooleanSupplier running, BooleanSupplier dead) {
        this.running = running;
        this.dead = dead;
    }

    <T> Future<T> submit(Context context, boolean durable, GroupCommitWriter.Work<T> work) {
        Promise<T> promise = Promise.promise();
        if (!running.getAsBoolean() || !tasks.offer(new Task<>(work, durable, promise, context))) {
            return Future.failedFuture(GroupCommitWriter.unavailable(
                    dead.getAsBoolean()
                            ? "the storage writer has died"
                            : running.getAsBoolean() ? "the storage writer's queue is full" : "storage is closing"));
        }
        return promise.future();
    }

    <T> Future<T> submit(Context context, boolean durable, GroupCommitWriter.Work<T> work, Duration patience) {
        Promise<T> promise = Promise.promise();
        offerPatiently(new Task<>(work, durable, promise, context), System.nanoTime() + patience.toNanos());
        return promise.future();
    }

    private <T> void offerPatiently(Task<T> task, long deadline) {
        if (running.getAsBoolean() && tasks.offer(task)) {
            return;
        }
        if (!running.getAsBoolean() || task.context() == null || System.nanoTime() >= deadline) {
            task.promise()
                    .tryFail(GroupCommitWriter.unavailable(
                            dead.getAsBoolean()
                                    ? "the storage writer has died"
                                    : running.getAsBoolean()
                                            ? "the storage writer's queue stayed full"
                                            : "storage is closing"));
            return;
        }
        patientWaits.increment();
        task.context().owner().setTimer(PATIENCE_STEP_MS, t -> offerPatiently(task, deadline));
    }

    long patientWaits() {
        return patientWaits.sum();
    }

    int size() {
        return tasks.size();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    Task<?> poll(long timeout, TimeUnit unit) throws InterruptedException {
        return tasks.poll(timeout, unit);
    }

    /** Fails every task still queued (the writer died). */
    void failAll(Throwable error) {
        for (Task<?> t; (t = tasks.poll()) != null; ) {
            t.complete(null, error);
        }
    }

    void drainTo(List<Task<?>> batch, int max) {
        tasks.drainTo(batch, max);
    }
}
