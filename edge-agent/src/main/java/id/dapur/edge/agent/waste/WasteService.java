package id.dapur.edge.agent.waste;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waste log: entries (weighed on a scale or typed in), the report, their routes, and retention
 * (entries older than {@code records.wasteKeep} deleted every hour).
 */
public final class WasteService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(WasteService.class);

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
        this.timer = vertx.setPeriodic(
                90_000,
                3_600_000,
                t -> waste.purge(clock.instant().minus(config.records().wasteKeep()))
                        .onSuccess(n -> {
                            if (n > 0) {
                                LOG.info("waste entries past retention deleted [entries: {}]", n);
                            }
                        })
                        .onFailure(e ->
                                LOG.warn("waste retention failed; tried again next hour [error: {}]", e.toString())));
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
