package id.dapur.edge.agent.printing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps a chit from printing twice silently across a crash: before a job's first byte goes out
 * its intent is on disk ({@link PrintIntents}); at start every job with an intent and no outcome is
 * printed again marked REPRINT. Intents are written on a thread of their own, and the file is
 * rewritten (rotated) once H2 holds the outcomes it guards.
 */
final class IntentGuard {
    private static final Logger LOG = LoggerFactory.getLogger(IntentGuard.class);

    private final PrintIntents intents;
    private final H2PrintStore store;
    private final ExecutorService intentWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "print-intents");
        t.setDaemon(true);
        return t;
    });
    /** Jobs recorded in the intents file whose outcome is not yet submitted to H2. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean rotating = new AtomicBoolean();
    /** While the intents file is being rotated: the jobs settled since its barrier was asked for. */
    private volatile Set<Long> settledDuringRotation;

    IntentGuard(PrintIntents intents, H2PrintStore store) {
        this.intents = intents;
        this.store = store;
    }

    /** The jobs the file says may have printed. */
    Set<Long> recorded() {
        return intents.recorded();
    }

    /** Once H2 holds every recorded job as open (at start): the file starts empty. */
    void forgetAll() throws IOException {
        intents.reset(List.of());
    }

    /** The intents file's own thread. */
    Executor executor() {
        return intentWriter;
    }

    /** Stops the thread and closes the file; runs on {@link #executor()}, last. */
    void close() {
        intentWriter.shutdown();
        intents.close();
    }

    /** Records the job's intent durably, then marks it sending in H2 (for the screens); the worker waits for the first. */
    CompletableFuture<Void> sending(PrintJob job) {
        // on disk before the first byte (the worker waits for it after asking the status and rendering):
        // a crash from here on means "may have printed"
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        intents.record(job.jobId());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    inFlight.add(job.jobId());
                    // the intent above is the durable guard against a double print; this row is for the screens
                    store.sending(job)
                            .onFailure(e -> LOG.error(
                                    "cannot mark print job sending [job: {}, error: {}]", job.jobId(), e.toString()));
                },
                intentWriter);
    }

    /** The job's outcome has been submitted to H2: it no longer needs its intent record, once that is durable. */
    void settled(PrintJob job) {
        inFlight.remove(job.jobId());
        Set<Long> during = settledDuringRotation;
        if (during != null) {
            during.add(job.jobId());
        }
        if (intents.full()) {
            rotate();
        }
    }

    /**
     * Rewrites the intents file once H2 holds everything it recorded. A durable barrier goes through
     * the writer; when it completes, every outcome submitted before it is on disk. The file then keeps
     * the jobs still in flight and those settled since the barrier was asked for (their outcome may be
     * behind it in the writer's queue); every other intent is dropped.
     */
    private void rotate() {
        if (!intents.full() || !rotating.compareAndSet(false, true)) {
            return;
        }
        Set<Long> during = ConcurrentHashMap.newKeySet();
        settledDuringRotation = during; // before the barrier: an outcome settled after this may be behind it
        store.barrier()
                .onComplete(ar -> whenWriting(() -> {
                    try {
                        if (ar.failed()) {
                            LOG.warn(
                                    "print intents file not rotated; will retry [error: {}]",
                                    ar.cause().toString());
                            return;
                        }
                        Set<Long> keep = new HashSet<>(inFlight);
                        keep.addAll(during);
                        intents.reset(List.copyOf(keep));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("print intents file not rotated; will retry [error: {}]", e.toString());
                    } finally {
                        settledDuringRotation = null;
                        rotating.set(false);
                    }
                }));
    }

    /** Runs on the intents file's thread; once the spooler has stopped, not at all. */
    private void whenWriting(Runnable r) {
        try {
            intentWriter.execute(r);
        } catch (RejectedExecutionException e) {
            settledDuringRotation = null;
            rotating.set(false);
        }
    }
}
