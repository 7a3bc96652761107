package id.dapur.edge.agent.analytics;

import id.dapur.edge.agent.kitchen.TicketTable;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Retention;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.RecordsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Kitchen analytics: the daily summary (sent to the cloud after each day), the analytics routes,
 * and the history's retention ({@code records.historyKeep} and {@code records.historyMaxTickets},
 * applied every hour). The history itself is written by the kitchen's own units of work
 * ({@link H2KitchenHistory}).
 */
public final class AnalyticsService implements Service {
    private final Vertx vertx;
    private final Database db;
    private final ZoneId zone;
    private final Clock clock;
    private final DailySummary daily;
    private final TicketTable kitchen;
    private final long timer;

    public AnalyticsService(
            Vertx vertx,
            Database db,
            GroupCommitWriter writer,
            TicketTable kitchen,
            RecordsConfig keep,
            ZoneId zone,
            Clock clock) {
        this.vertx = vertx;
        this.kitchen = kitchen;
        this.db = db;
        this.zone = zone;
        this.clock = clock;
        this.daily = new DailySummary(vertx, writer, db, zone, clock);
        this.timer = Retention.hourly(
                vertx,
                "history rows",
                () -> writer.submit(
                        vertx.getOrCreateContext(),
                        false,
                        (c, b) -> H2AnalyticsStore.purge(
                                c, clock.instant().minus(keep.historyKeep()), keep.historyMaxTickets())));
    }

    /** A day's records at a glance, for the dashboard: analytics, late tickets, waste, orders, open tickets. */
    public Future<Map<String, Object>> glance(Instant from, Instant to) {
        return H2AnalyticsStore.glance(vertx, db, kitchen, from, to);
    }

    public void mount(Router r) {
        new AnalyticsApi(vertx, db, zone, clock).mount(r);
    }

    @Override
    public Future<Void> start() {
        daily.start();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        daily.stop();
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
