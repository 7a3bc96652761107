package id.dapur.edge.agent;

import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.printing.H2PrintStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished orders and done print jobs past {@code storage.retention}, 5,000 orders at a time, every hour. */
final class Retention implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private final Vertx vertx;
    private final long timer;

    Retention(Vertx vertx, KitchenService kitchen, PrintingService printing, Duration retention, Clock clock) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(
                60_000,
                3_600_000,
                t -> purge(kitchen.store, printing.store, clock.instant().minus(retention)));
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    static void purge(H2OrderStore orders, H2PrintStore prints, Instant before) {
        prints.purgeDone(before)
                .onFailure(
                        e -> LOG.warn("print job retention failed; tried again next hour [error: {}]", e.toString()));
        orders.purgeFinished(before)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("purged finished orders past retention [orders: {}]", n);
                        if (n >= 5000) {
                            purge(orders, prints, before);
                        }
                    }
                })
                .onFailure(e -> LOG.warn("order retention failed; tried again next hour [error: {}]", e.toString()));
    }
}
