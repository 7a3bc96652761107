package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.kitchen.KitchenService;
import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The printers: the durable print queue and one ordered worker per printer. Print jobs committed
 * with an order reach the spooler after the commit; jobs still open at a start are queued again
 * (those caught mid-print marked REPRINT). Once an hour, finished print jobs past
 * {@code storage.retention} are deleted, then the finished orders they printed.
 */
public final class PrintingService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(PrintingService.class);

    private final Vertx vertx;
    private final H2PrintStore store;
    private final PrintSpooler spooler;
    private final KitchenService kitchen;
    private final PrintPlanner planner;
    private final Duration retention;
    private final Clock clock;
    private final List<PrinterConfig> printers;
    private long timer = -1;

    public PrintingService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            KitchenService kitchen,
            MessagingService messaging,
            PrintPlanner planner,
            AlertsService alerts,
            PrintIntents intents,
            Templates templates,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.kitchen = kitchen;
        this.planner = planner;
        this.retention = config.storage().retention();
        this.printers = config.printers();
        this.clock = clock;
        this.store = new H2PrintStore(vertx, db, writer, clock);
        this.spooler = new PrintSpooler(
                config, store, alerts.alerts(), intents, kitchen.store(), planner, templates, topics, clock, metrics);
        writer.subscribe(PrintJob.class, spooler::committed);
        Map<String, CloudPrntPrinter> overMqtt = new LinkedHashMap<>();
        for (PrinterConfig p : printers) {
            if (p.mqtt() && spooler.polled().get(p.id()) instanceof CloudPrntPrinter c) {
                overMqtt.put(c.mac(), c);
            }
        }
        new CloudPrntMqtt(messaging.bus(), topics, overMqtt).mount(messaging.routes());
    }

    public PrintSpooler spooler() {
        return spooler;
    }

    /** What the floor prints, in its own unit of work, for a ticket no screen showed. */
    public UnseenChits unseenChits() {
        return H2PrintStore.unseen(planner);
    }

    /** The printing API; {@code limiter} counts failed sign-ins of printers that poll (CloudPRNT, Server Direct Print). */
    public void mount(Router r, LoginLimiter limiter) {
        new PrintApi(spooler).mount(r);
        Map<String, PrinterConfig> accounts = new LinkedHashMap<>();
        printers.stream().filter(p -> spooler.polled().containsKey(p.id())).forEach(p -> accounts.put(p.id(), p));
        // always served, so the contract's routes are the agent's; with no printer that polls, every sign-in fails
        PrinterSignIn signIn = new PrinterSignIn(accounts, spooler.polled(), limiter);
        new CloudPrntRoutes(signIn).mount(r);
        new EposSdpRoutes(signIn).mount(r);
    }

    @Override
    public Future<Void> start() {
        return spooler.start(vertx).onSuccess(v -> timer = vertx.setPeriodic(60_000, 3_600_000, t -> purge()));
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return spooler.stop();
    }

    /** Deletes what is past retention: print jobs first, then the orders (5,000 at a time, until none is left). */
    private void purge() {
        Instant before = clock.instant().minus(retention);
        store.purgeDone(before)
                .onFailure(
                        e -> LOG.warn("print job retention failed; tried again next hour [error: {}]", e.toString()));
        purgeOrders(before);
    }

    private void purgeOrders(Instant before) {
        kitchen.purgeFinished(before)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("purged finished orders past retention [orders: {}]", n);
                        if (n >= 5000) {
                            purgeOrders(before);
                        }
                    }
                })
                .onFailure(e -> LOG.warn("order retention failed; tried again next hour [error: {}]", e.toString()));
    }
}
