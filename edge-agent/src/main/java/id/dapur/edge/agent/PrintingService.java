package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.printing.H2PrintStore;
import id.dapur.edge.agent.printing.PrintIntents;
import id.dapur.edge.agent.printing.PrintJob;
import id.dapur.edge.agent.printing.PrintSpooler;
import id.dapur.edge.agent.printing.Templates;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The printers: the durable print queue and one ordered worker per printer. Print jobs committed
 * with an order reach the spooler after the commit; jobs still open at a start are queued again
 * (those caught mid-print marked REPRINT).
 */
final class PrintingService implements Service {
    private final Vertx vertx;
    final H2PrintStore store;
    final PrintSpooler spooler;

    PrintingService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            KitchenService kitchen,
            AlertsService alerts,
            PrintIntents intents,
            Templates templates,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.store = new H2PrintStore(vertx, storage.db, storage.writer, clock);
        this.spooler = new PrintSpooler(
                config,
                store,
                alerts.alerts,
                intents,
                kitchen.store,
                kitchen.planner,
                templates,
                topics,
                clock,
                metrics);
        storage.writer.subscribe(PrintJob.class, spooler::committed);
    }

    @Override
    public Future<Void> start() {
        return spooler.start(vertx);
    }

    @Override
    public Future<Void> stop() {
        return spooler.stop();
    }
}
