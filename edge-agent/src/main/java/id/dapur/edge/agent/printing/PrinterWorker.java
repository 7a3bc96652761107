package id.dapur.edge.agent.printing;

import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import id.dapur.edge.devices.printer.PrinterDriver;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.printer.PrinterStatus;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ordered worker that talks to one printer, so its jobs print in order, one at a time: a
 * single thread of its own (the driver's socket and serial calls block, so they run here and never on
 * an event loop), driven as a chain of steps; waits are scheduled, never slept, and what it waits on
 * from storage is a future it continues from. Before each job it asks the printer's status; a printer
 * that cannot print is not sent anything, its queue waits (and after {@code failoverAfter} moves to
 * the backup printer). The job is marked SENDING on disk before the first byte, and DONE only when
 * the printer confirms it; an uncertain one is queued again at the head, marked REPRINT.
 */
final class PrinterWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PrinterWorker.class);
    static final Duration PRINT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RETRY = Duration.ofSeconds(1);
    static final Duration IDLE_CHECK = Duration.ofSeconds(5);
    static final Duration STORE_WAIT = Duration.ofSeconds(30);
    /** What a step asks for next: go on at once, wait for the printer, or wait idle (a new job ends the idle wait). */
    private static final Duration NOW = Duration.ZERO;

    private final PrinterConfig config;
    private final PrinterModel model;
    private final PrinterDriver driver;
    private final Spooling spooler;
    private final LinkedBlockingDeque<Queued> queue = new LinkedBlockingDeque<>();
    private final ScheduledThreadPoolExecutor worker;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    // touched only on the worker's thread
    private ScheduledFuture<?> idleWait;
    private boolean stepping;
    private boolean idleCheckDue;
    private volatile boolean running = true;
    private final PrinterState state = new PrinterState();
    private volatile PrinterWorker backup;

    /** A job in the in-memory queue and when the spooler heard it was committed. */
    record Queued(PrintJob job, long committedNanos) {}

    PrinterWorker(PrinterConfig config, PrinterModel model, PrinterDriver driver, Spooling spooler) {
        this.config = config;
        this.model = model;
        this.driver = driver;
        this.spooler = spooler;
        this.worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "printer-" + config.id());
            t.setDaemon(true);
            return t;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(
                false); // a wait scheduled before the stop does not run
    }

    void backup(PrinterWorker b) {
        this.backup = b;
    }

    void start() {
        worker.execute(() -> {
            observe(driver.status());
            step();
        });
    }

    String id() {
        return config.id();
    }

    PrinterConfig config() {
        return config;
    }

    PrinterStatus status() {
        return state.status();
    }

    /** When the current state began (null before the first status). */
    Instant since() {
        return state.since();
    }

    /** When the printer last answered a status query (null: never since the agent started). */
    Instant lastSeen() {
        return state.lastSeen();
    }

    int queued() {
        return queue.size();
    }

    /** Adds a job at the tail; a job already queued (same id) is not added twice. Any thread. */
    void enqueue(PrintJob job, long committedNanos) {
        try {
            worker.execute(() -> {
                if (queue.stream().noneMatch(q -> q.job().jobId() == job.jobId())) {
                    queue.addLast(new Queued(job, committedNanos));
                }
                wake();
            });
        } catch (RejectedExecutionException e) {
            // stopped: the job stays QUEUED on disk and is queued again at the next start
            LOG.info(
                    "print job not queued: the printer's worker has stopped; it prints after the next start [printer: {}, job: {}]",
                    config.id(),
                    job.jobId());
        }
    }

    /** On the worker: a job came; an idle wait ends now (a wait for the printer to recover does not). */
    private void wake() {
        if (idleWait != null && idleWait.cancel(false)) {
            idleWait = null;
            step();
        }
    }

    /** Completes when the future has, or after {@link #STORE_WAIT}: the job stays queued either way. */
    private static CompletableFuture<Void> settled(CompletableFuture<Void> f) {
        return f.copy().orTimeout(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS).handle((v, e) -> null);
    }

    /** Runs one step on the worker; when what it waits on completes, schedules the next as the step asked. */
    private void step() {
        if (stepping) {
            return;
        }
        if (!running) {
            if (!stopped.isDone()) {
                driver.close();
                stopped.complete(null);
                worker.shutdown();
            }
            return;
        }
        stepping = true;
        CompletableFuture<Duration> next;
        try {
            next = attempt();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenCompleteAsync(
                (d, e) -> {
                    stepping = false;
                    Duration wait = d;
                    if (e != null) {
                        LOG.error("printer worker error; retrying [printer: {}]", config.id(), e);
                        wait = RETRY;
                    }
                    if (!running || wait.isZero() || wait == IDLE_CHECK && !queue.isEmpty()) {
                        worker.execute(this::step);
                    } else if (wait == IDLE_CHECK) {
                        idleWait = worker.schedule(
                                () -> {
                                    idleWait = null;
                                    idleCheckDue = true;
                                    step();
                                },
                                wait.toMillis(),
                                TimeUnit.MILLISECONDS);
                    } else {
                        worker.schedule(this::step, wait.toMillis(), TimeUnit.MILLISECONDS);
                    }
                },
                worker);
    }

    private CompletableFuture<Duration> attempt() {
        Queued head = queue.peekFirst();
        if (head == null) {
            if (idleCheckDue) {
                idleCheckDue = false;
                observe(driver.status()); // notices paper out, cover open, offline while idle
            }
            return CompletableFuture.completedFuture(IDLE_CHECK);
        }
        idleCheckDue = false;
        if (state.status() == null || !state.status().canPrint()) {
            // the printer could not print last time: ask first, and write nothing while it still cannot
            PrinterStatus s = driver.status();
            observe(s);
            if (!s.canPrint()) {
                return failover().thenApply(moved -> moved ? NOW : RETRY);
            }
        }
        // the intent to send goes to disk while the status is asked and the job rendered; it is waited
        // for before the first byte
        PrintJob job = head.job().attempted();
        long t0 = System.nanoTime();
        CompletableFuture<Void> marking = spooler.sending(job);
        marking.thenRun(() -> spooler.stage("mark-sending", System.nanoTime() - t0));
        PrinterStatus s = driver.status();
        spooler.stage("status", System.nanoTime() - t0);
        observe(s);
        if (!s.canPrint()) {
            return settled(marking)
                    .thenComposeAsync(
                            x -> {
                                spooler.unsent(
                                        head.job(),
                                        "printer " + s.state()); // nothing was sent: back to QUEUED as it was
                                return failover().thenApply(moved -> moved ? NOW : RETRY);
                            },
                            worker);
        }
        byte[] bytes;
        try {
            bytes = spooler.render(job, config, model);
        } catch (RuntimeException e) {
            return settled(marking)
                    .thenApplyAsync(
                            x -> {
                                LOG.error(
                                        "print job cannot be rendered; dropped [printer: {}, job: {}]",
                                        config.id(),
                                        job.jobId(),
                                        e);
                                queue.pollFirst();
                                spooler.done(job, "FAILED: cannot render: " + e.getMessage());
                                return NOW;
                            },
                            worker);
        }
        return marking.copy()
                .orTimeout(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync(
                        (v, e) -> {
                            if (e != null) {
                                LOG.warn(
                                        "cannot mark print job as sending; will retry [printer: {}, job: {}, error: {}]",
                                        config.id(),
                                        job.jobId(),
                                        e.toString());
                                return RETRY;
                            }
                            send(head, job, bytes);
                            return NOW;
                        },
                        worker);
    }

    private void send(Queued head, PrintJob job, byte[] bytes) {
        spooler.firstByte(head.committedNanos());
        Result r = driver.print(bytes, job.jobId(), completionId(job), PRINT_TIMEOUT);
        observe(r.status());
        switch (r.outcome()) {
            case PRINTED -> {
                queue.pollFirst();
                spooler.done(job, r.detail());
                spooler.queueChanged(config, state.status(), queue.size());
            }
            case NOT_SENT -> {
                replaceHead(new Queued(job, head.committedNanos()));
                spooler.requeue(job, r.detail());
            }
            case HELD -> {
                // a printer that polls took it and has not reported: it stays offered, same token, same bytes
                LOG.warn(
                        "print job fetched by the printer and not reported yet; still offered [printer: {}, job: {}, detail: {}]",
                        config.id(),
                        job.jobId(),
                        r.detail());
                replaceHead(new Queued(job, head.committedNanos()));
            }
            case UNCERTAIN -> {
                PrintJob again = job.markedReprint();
                LOG.warn(
                        "print job may not have printed; it will print again marked REPRINT [printer: {}, job: {}, reason: {}]",
                        config.id(),
                        job.jobId(),
                        r.detail());
                replaceHead(new Queued(again, head.committedNanos()));
                spooler.requeue(again, r.detail());
            }
        }
    }

    private void replaceHead(Queued q) {
        queue.pollFirst();
        queue.addFirst(q);
    }

    /**
     * Moves the queue to the backup once this printer has been unable to print for failoverAfter;
     * completes on the worker with whether it moved anything.
     */
    private CompletableFuture<Boolean> failover() {
        PrinterWorker b = backup;
        if (b == null || !state.unableFor(config.failoverAfter())) {
            return CompletableFuture.completedFuture(false);
        }
        PrinterStatus bs = b.status();
        if (bs != null && !bs.canPrint()) {
            return CompletableFuture.completedFuture(false); // the backup cannot print either: keep the jobs here
        }
        List<Queued> moving = new ArrayList<>();
        for (Queued q : queue) {
            if (q.job().originPrinter() == null) {
                moving.add(q);
            }
        }
        if (moving.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        List<PrintJob> moved = moving.stream().map(q -> q.job().movedTo(b.id())).toList();
        return spooler.moved(moved)
                .copy()
                .orTimeout(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync(
                        (v, e) -> {
                            if (e != null) {
                                LOG.warn(
                                        "cannot move print jobs to the backup printer [printer: {}, backup: {}, error: {}]",
                                        config.id(),
                                        b.id(),
                                        e.toString());
                                return false;
                            }
                            queue.removeAll(moving);
                            for (int i = 0; i < moved.size(); i++) {
                                b.enqueue(moved.get(i), moving.get(i).committedNanos());
                            }
                            LOG.warn(
                                    "printer cannot print; its jobs moved to the backup [printer: {}, backup: {}, jobs: {}, state: {}]",
                                    config.id(),
                                    b.id(),
                                    moved.size(),
                                    state.status() == null
                                            ? "-"
                                            : state.status().state());
                            spooler.queueChanged(config, state.status(), queue.size());
                            return true;
                        },
                        worker);
    }

    private void observe(PrinterStatus s) {
        PrinterStatus before = state.observe(s);
        if (before == null || before.state() != s.state()) {
            if (s.state() == State.OFFLINE
                    || before != null && before.state() == State.OFFLINE
                    || s.state() != State.READY) {
                LOG.info(
                        "printer state [printer: {}, state: {}, reason: {}]",
                        config.id(),
                        s.state(),
                        s.reason() == null ? "-" : s.reason());
            }
            spooler.statusChanged(config, before, s, queue.size());
        }
    }

    /** Four characters unique to this job and attempt, for {@code GS ( H}. */
    static String completionId(PrintJob job) {
        long n = (job.jobId() * 7 + job.attempts()) % (36L * 36 * 36 * 36);
        String s = Long.toString(n, 36).toUpperCase(Locale.ROOT);
        return "0".repeat(4 - s.length()) + s;
    }

    /** Asks the worker to finish (after the job in hand, if any); completes when it has closed the printer. */
    CompletableFuture<Void> stop() {
        running = false;
        try {
            worker.execute(() -> {
                if (idleWait != null) {
                    idleWait.cancel(false);
                    idleWait = null;
                }
                step();
            });
        } catch (RejectedExecutionException e) {
            stopped.complete(null); // never started, or stopped already
        }
        return stopped;
    }
}
