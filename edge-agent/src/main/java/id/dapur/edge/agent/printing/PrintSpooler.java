package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketId;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.printing.PrintJob.Kind;
import id.dapur.edge.agent.printing.PrintJob.Spec;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import id.dapur.edge.devices.printer.EposSdpPrinter;
import id.dapur.edge.devices.printer.EscPosPrinter;
import id.dapur.edge.devices.printer.PolledPrinter;
import id.dapur.edge.devices.printer.PrinterDriver;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.printer.PrinterStatus;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The print spooler: one {@link PrinterWorker} per configured printer, fed by the storage writer
 * with jobs as they commit (and at start with every job still open), publishing each printer's
 * status (retained, the contract) and raising and clearing its alerts.
 */
public final class PrintSpooler implements Spooling {
    private final List<Consumer<PrintJob>> printedListeners = new CopyOnWriteArrayList<>();
    private static final Logger LOG = LoggerFactory.getLogger(PrintSpooler.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

    private final DapurConfig config;
    private final H2PrintStore store;
    private final Alerts alerts;
    private final OrderStore orders;
    private final PrintPlanner planner;
    private final Templates templates;
    private final Topics topics;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final Map<String, PrinterWorker> workers = new LinkedHashMap<>();
    /** Printers that poll the agent (Star CloudPRNT, Epson Server Direct Print), by printer id: the routes hand them their requests. */
    private final Map<String, PolledPrinter> polled = new LinkedHashMap<>();

    private final Timer commitToSend;
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private final IntentGuard guard;
    private final PrinterNotices notices;

    public PrintSpooler(
            DapurConfig config,
            H2PrintStore store,
            Alerts alerts,
            PrintIntents intents,
            OrderStore orders,
            PrintPlanner planner,
            Templates templates,
            Topics topics,
            Clock clock,
            AgentMetrics metrics) {
        this.config = config;
        this.alerts = alerts;
        this.guard = new IntentGuard(intents, store);
        this.notices = new PrinterNotices(alerts, store, topics, clock);
        this.store = store;
        this.orders = orders;
        this.planner = planner;
        this.templates = templates;
        this.topics = topics;
        this.clock = clock;
        this.metrics = metrics;
        this.commitToSend = metrics.timer(
                "dapur.print.commit.to.send", "from a print job's commit to its first byte being written");
        for (PrinterConfig p : config.printers()) {
            PrinterModel model = PrinterModel.byId(p.model()).orElseThrow(); // checked at config load
            PrinterDriver driver = driver(p, model, clock);
            if (driver instanceof PolledPrinter pp) {
                polled.put(p.id(), pp);
            }
            workers.put(p.id(), new PrinterWorker(p, model, driver, this));
            metrics.gauge(
                    "dapur.print.queued",
                    "print jobs waiting",
                    () -> workers.get(p.id()).queued(),
                    "printer",
                    p.id());
        }
        for (PrinterConfig p : config.printers()) {
            if (p.backup() != null) {
                workers.get(p.id()).backup(workers.get(p.backup()));
            }
        }
    }

    /** The printers that poll the agent, by printer id. */
    Map<String, PolledPrinter> polled() {
        return polled;
    }

    /** The driver for a printer the agent writes to, or the agent's side of one that polls. */
    private static PrinterDriver driver(PrinterConfig p, PrinterModel model, Clock clock) {
        return switch (p.connection().scheme()) {
            case "cloudprnt" ->
                new CloudPrntPrinter(p.connection().host(), model, p.width(), clock, CloudPrntPrinter.OFFLINE_AFTER);
            case "sdp" -> new EposSdpPrinter(p.connection().host(), model, clock, EposSdpPrinter.OFFLINE_AFTER);
            default -> new EscPosPrinter(EscPosPrinter.link(p.connection(), CONNECT_TIMEOUT), model, ANSWER_TIMEOUT);
        };
    }

    /**
     * Queues every job still open in H2 (those caught mid-print marked REPRINT), then starts the
     * workers. The intents file is rewritten on a worker of {@code vertx}.
     */
    public Future<Void> start(Vertx vertx) {
        return store.recover(guard.recorded())
                .compose(open -> vertx.executeBlocking(() -> {
                    guard.forgetAll(); // what it recorded is now in H2
                    long now = System.nanoTime();
                    List<PrintJob> orphans = new ArrayList<>();
                    for (PrintJob j : open) {
                        PrinterWorker w = workers.get(j.printerId());
                        if (w == null) {
                            orphans.add(j);
                        } else {
                            w.enqueue(j, now);
                        }
                    }
                    adopt(orphans, now);
                    if (!open.isEmpty()) {
                        LOG.info(
                                "print jobs still open from before [jobs: {}, reprints: {}]",
                                open.size(),
                                open.stream().filter(PrintJob::reprint).count());
                    }
                    workers.values().forEach(PrinterWorker::start);
                    return null;
                }));
    }

    /** Jobs of printers no longer configured go to the fallback printer, headed BACKUP FROM the old one. */
    private void adopt(List<PrintJob> orphans, long now) {
        if (orphans.isEmpty()) {
            return;
        }
        PrinterWorker fallback =
                config.fallbackPrinter().map(p -> workers.get(p.id())).orElse(null);
        if (fallback == null) {
            LOG.warn(
                    "print jobs for printers no longer configured stay queued; no printer to take them [jobs: {}]",
                    orphans.size());
            return;
        }
        List<PrintJob> moved =
                orphans.stream().map(j -> j.movedTo(fallback.id())).toList();
        store.moved(moved)
                .onFailure(e -> LOG.error(
                        "cannot record print jobs moved to the fallback printer; they print there now and"
                                + " may print on their own printer again after a restart [jobs: {}, error: {}]",
                        moved.size(),
                        e.toString()));
        moved.forEach(j -> fallback.enqueue(j, now));
    }

    /** From the storage writer thread, right after a commit that created print jobs. */
    public void committed(List<PrintJob> jobs) {
        long now = System.nanoTime();
        for (PrintJob j : jobs) {
            PrinterWorker w = workers.get(j.printerId());
            if (w != null) {
                w.enqueue(j, now);
            }
        }
    }

    /**
     * Stops every worker; a job being printed is finished (or found uncertain) first. Completes when
     * they have (or after the longest a print may take), then closes the intents file.
     */
    public Future<Void> stop() {
        CompletableFuture<?>[] stopping =
                workers.values().stream().map(PrinterWorker::stop).toArray(CompletableFuture[]::new);
        return Future.fromCompletionStage(CompletableFuture.allOf(stopping)
                .orTimeout(PrinterWorker.PRINT_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                .handleAsync(
                        (v, e) -> {
                            if (e != null) {
                                LOG.warn("a printer's worker did not stop in time [error: {}]", e.toString());
                            }
                            guard.close();
                            return null;
                        },
                        guard.executor()));
    }

    // ---- requests from the API

    /** Prints a ticket again, marked REPRINT, on the given printer or the station's. */
    public Future<PrintJob> reprint(String ticketId, String printerId) {
        TicketId id = TicketId.parse(ticketId).orElse(null);
        if (id == null) {
            return Future.failedFuture(Problem.of(ErrorCode.UNKNOWN_TICKET, "no ticket " + ticketId)
                    .asFailure());
        }
        return orders.order(id.orderId()).compose(o -> {
            Ticket t = o.flatMap(x -> x.tickets().stream()
                            .filter(tk -> tk.ticketId().equals(ticketId))
                            .findFirst())
                    .orElse(null);
            if (t == null) {
                return Future.failedFuture(Problem.of(ErrorCode.UNKNOWN_TICKET, "no ticket " + ticketId)
                        .asFailure());
            }
            String printer = printerId != null
                    ? printerId
                    : planner.printersOf(t.station()).stream().findFirst().orElse(null);
            return create(
                    printer,
                    new Spec(printer, Kind.CHIT, t.ticketId(), t.orderId(), Json.write(t), true),
                    "no printer prints for station " + t.station() + "; name one");
        });
    }

    /** A customer receipt for an order, on the given printer or {@code printing.receiptPrinter}. */
    public Future<PrintJob> receipt(String orderId, String printerId) {
        String printer = printerId != null ? printerId : config.printing().receiptPrinter();
        return orders.order(orderId).compose(o -> {
            if (o.isEmpty()) {
                return Future.failedFuture(Problem.of(ErrorCode.UNKNOWN_ORDER, "no order " + orderId)
                        .asFailure());
            }
            return create(
                    printer,
                    new Spec(printer, Kind.RECEIPT, null, orderId, o.get().body(), false),
                    "no receipt printer is configured (printing.receiptPrinter); name one");
        });
    }

    public Future<PrintJob> testPage(String printerId) {
        return create(printerId, new Spec(printerId, Kind.TEST, null, null, "{}", false), "a printer id is required");
    }

    private Future<PrintJob> create(String printer, Spec spec, String noPrinter) {
        if (printer == null) {
            return Future.failedFuture(
                    Problem.of(ErrorCode.NO_PRINTER, noPrinter).asFailure());
        }
        if (!workers.containsKey(printer)) {
            return Future.failedFuture(
                    Problem.of(ErrorCode.UNKNOWN_PRINTER, "no printer '" + printer + "' at this outlet")
                            .asFailure());
        }
        return store.create(spec);
    }

    /**
     * Each printer: id, state (and why, when offline), since when, when it last answered, queued jobs,
     * model, width, backup, stations.
     */
    public List<Map<String, Object>> printers() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PrinterWorker w : workers.values()) {
            PrinterStatus s = w.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("state", s == null ? "UNKNOWN" : s.state().name());
            if (s != null && s.reason() != null) {
                m.put("reason", s.reason());
            }
            m.put("queued", w.queued());
            if (w.since() != null) {
                m.put("since", w.since().toString());
            }
            if (w.lastSeen() != null) {
                m.put("lastSeen", w.lastSeen().toString());
            }
            m.put("model", w.config().model());
            m.put("width", w.config().width());
            m.put("backup", w.config().backup());
            m.put("stations", w.config().stations());
            out.add(m);
        }
        return out;
    }

    public boolean knows(String printerId) {
        return workers.containsKey(printerId);
    }

    public Future<List<Map<String, Object>>> recentJobs(String printerId, int limit) {
        return store.recent(printerId, limit);
    }

    // ---- Spooling, called on printer threads

    @Override
    public CompletableFuture<Void> sending(PrintJob job) {
        return guard.sending(job);
    }

    /** Told of every job that printed (not of those that failed), on a printer's worker thread. */
    public void onPrinted(Consumer<PrintJob> listener) {
        printedListeners.add(listener);
    }

    @Override
    public void done(PrintJob job, String detail) {
        boolean failed = detail != null && detail.startsWith("FAILED");
        metrics.counter("dapur.print.jobs", "printer", job.printerId(), "result", failed ? "failed" : "printed")
                .increment();
        store.done(job, detail)
                .onFailure(
                        e -> LOG.error("cannot mark print job done [job: {}, error: {}]", job.jobId(), e.toString()));
        guard.settled(job);
        if (!failed) {
            printedListeners.forEach(l -> l.accept(job));
        }
    }

    @Override
    public void requeue(PrintJob job, String detail) {
        metrics.counter(
                        "dapur.print.jobs",
                        "printer",
                        job.printerId(),
                        "result",
                        job.reprint() ? "uncertain" : "not-sent")
                .increment();
        store.requeue(job, detail)
                .onFailure(e -> LOG.error("cannot requeue print job [job: {}, error: {}]", job.jobId(), e.toString()));
        guard.settled(job);
    }

    @Override
    public void unsent(PrintJob job, String detail) {
        store.requeue(job, detail)
                .onFailure(e -> LOG.error("cannot requeue print job [job: {}, error: {}]", job.jobId(), e.toString()));
        guard.settled(job);
    }

    @Override
    public CompletableFuture<Void> moved(List<PrintJob> jobs) {
        return store.moved(jobs)
                .toCompletionStage()
                .toCompletableFuture()
                .thenRun(() -> metrics.counter(
                                "dapur.print.failovers", "printer", jobs.get(0).originPrinter())
                        .increment(jobs.size()));
    }

    @Override
    public byte[] render(PrintJob job, PrinterConfig printer, PrinterModel model) {
        return templates.render(job, printer, model);
    }

    @Override
    public void firstByte(long committedNanos) {
        commitToSend.record(System.nanoTime() - committedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void stage(String step, long nanos) {
        stages.computeIfAbsent(
                        step,
                        k -> metrics.timer(
                                "dapur.print.stage", "time a print job spends in one step before sending", "step", k))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void statusChanged(PrinterConfig printer, PrinterStatus before, PrinterStatus now, int queued) {
        notices.statusChanged(printer, before, now, queued);
    }

    @Override
    public void queueChanged(PrinterConfig printer, PrinterStatus status, int queued) {
        notices.queueChanged(printer, status, queued);
    }
}
