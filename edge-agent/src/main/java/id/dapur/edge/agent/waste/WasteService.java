package id.dapur.edge.agent.waste;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Retention;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;

/**
 * The waste log: entries (weighed on a scale or typed in), the report, their routes, and retention
 * (entries older than {@code records.wasteKeep} deleted every hour).
 */
public final class WasteService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Database db;
    private final ZoneId zone;
    private final Clock clock;
    private final WasteLog waste;
    private final long timer;

    public WasteService(
            Vertx vertx,
            DapurConfig config,
            Database db,
            GroupCommitWriter writer,
            WasteLog.Weigher weigher,
            ZoneId zone,
            Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.db = db;
        this.zone = zone;
        this.clock = clock;
        this.waste = new WasteLog(vertx, db, writer, config, weigher, clock);
        this.timer = Retention.hourly(
                vertx,
                "waste entries",
                () -> waste.purge(clock.instant().minus(config.records().wasteKeep())));
    }

    public void mount(Router r) {
        new WasteApi(
                        vertx,
                        waste,
                        new WasteReport(
                                db, config.outlet().name(), config.printing().currency(), zone, clock),
                        zone,
                        clock)
                .mount(r);
    }

    @Override
    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
