package id.dapur.edge.agent;

import id.dapur.edge.agent.analytics.Analytics;
import id.dapur.edge.agent.analytics.DailySummary;
import id.dapur.edge.agent.audit.AuditLog;
import id.dapur.edge.agent.audit.AuditTrail;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.waste.WasteLog;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.RecordsConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kitchen's records: cooks signed in at stations, waste weighed on the
 * scales, the daily summary for the cloud, and the retention of the audit trail, the ticket
 * history and waste ({@code records.*}). Built after the scales, whose stable weights it takes.
 */
final class RecordsService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(RecordsService.class);
    final StationStaff staff;
    final WasteLog waste;
    final DailySummary daily;
    final Database db;
    final ZoneId zone = ZoneId.systemDefault();
    private final Vertx vertx;
    private final GroupCommitWriter writer;
    private final RecordsConfig keep;
    private final Clock clock;
    private final long timer;

    RecordsService(
            Vertx vertx,
            DapurConfig config,
            StorageService storage,
            KitchenService kitchen,
            ScalesService scales,
            AgentMetrics metrics,
            Clock clock) {
        this.vertx = vertx;
        this.db = storage.db;
        this.writer = storage.writer;
        this.keep = config.records();
        this.clock = clock;
        AuditLog audit = new AuditLog(vertx, storage.writer, clock);
        this.staff = new StationStaff(
                vertx,
                storage.writer,
                storage.db,
                config.staff(),
                config.stations().stream().map(StationConfig::id).collect(Collectors.toSet()),
                audit,
                clock,
                metrics);
        staff.watch(all -> kitchen.feed.state("staff", Map.of("signedIn", StationStaff.describe(all))));
        this.waste = new WasteLog(
                vertx,
                storage.db,
                storage.writer,
                config,
                scale -> scales.scales
                        .weight(scale, Duration.ofSeconds(3))
                        .map(w -> ((Number) w.get("grams")).doubleValue()),
                clock);
        this.daily = new DailySummary(vertx, storage.writer, storage.db, zone, clock);
        this.timer = vertx.setPeriodic(90_000, 3_600_000, t -> purge());
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

    /** Deletes records past their keep (records.*): audit entries (never the head), history, waste. Each in its own unit of work. */
    Future<Void> purge() {
        Instant now = clock.instant();
        Future<Integer> audit = writer.submit(
                vertx.getOrCreateContext(), false, (c, b) -> AuditTrail.purge(c, now.minus(keep.auditKeep())));
        Future<Integer> history = writer.submit(
                vertx.getOrCreateContext(),
                false,
                (c, b) -> Analytics.purge(c, now.minus(keep.historyKeep()), keep.historyMaxTickets()));
        Future<Integer> wasted = waste.purge(now.minus(keep.wasteKeep()));
        return Future.join(audit, history, wasted)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn(
                                "records retention failed; tried again next hour [error: {}]",
                                ar.cause().toString());
                    } else if (audit.result() + history.result() + wasted.result() > 0) {
                        LOG.info(
                                "records past retention deleted [audit entries: {}, history rows: {}, waste entries: {}]",
                                audit.result(),
                                history.result(),
                                wasted.result());
                    }
                })
                .mapEmpty();
    }
}
