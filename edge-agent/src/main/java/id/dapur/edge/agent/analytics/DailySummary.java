package id.dapur.edge.agent.analytics;

import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.waste.WasteLog;
import id.dapur.edge.cloud.CloudEventType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The day's kitchen summary for the cloud: once a local day is over, its analytics and
 * waste totals go to the cloud as one {@code ANALYTICS_DAILY} event (stream {@code analytics}),
 * computed and queued in one unit of work with the row that says it was sent, so each day is sent
 * exactly once, even across restarts. Days missed while the agent was off are caught up, at most
 * {@link #CATCH_UP_DAYS} back.
 */
public final class DailySummary {
    private static final Logger LOG = LoggerFactory.getLogger(DailySummary.class);
    public static final CloudEventType MIRROR = CloudEventType.ANALYTICS_DAILY;
    static final int CATCH_UP_DAYS = 7;
    private final Vertx vertx;
    private final Context context;
    private final GroupCommitWriter writer;
    private final Database db;
    private final ZoneId zone;
    private final Clock clock;
    private long timer = -1;

    public DailySummary(Vertx vertx, GroupCommitWriter writer, Database db, ZoneId zone, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.context = vertx.getOrCreateContext();
        this.writer = writer;
        this.zone = zone;
        this.clock = clock;
    }

    public void start() {
        timer = vertx.setPeriodic(5_000, 600_000, t -> sendDue());
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    /** Rolls up finished days (one writer task each, at most a month a pass), then queues the summary of every finished day not sent yet. */
    public Future<Integer> sendDue() {
        return rollUpDue(31).compose(v -> summaries());
    }

    /** Rolls up at most {@code max} finished days not rolled up yet, one unit of work each; how many. */
    public Future<Integer> rollUpDue(int max) {
        return vertx.executeBlocking(
                        () -> {
                            try (Connection c = db.connection()) {
                                return H2DayRollups.notRolledUp(c, LocalDate.now(clock.withZone(zone)), zone, max);
                            }
                        },
                        false)
                .compose(days -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (LocalDate d : days) {
                        chain = chain.compose(v -> writer.submit(context, false, (c, batch) -> {
                            H2DayRollups.rollUp(c, d, zone);
                            return null;
                        }));
                    }
                    return chain.map(days.size());
                })
                .onFailure(
                        e -> LOG.error("analytics rollup failed; tried again in 10 minutes [error: {}]", e.toString()));
    }

    private Future<Integer> summaries() {
        return writer.submit(context, true, (c, batch) -> {
                    LocalDate today = LocalDate.now(clock.withZone(zone));
                    int sent = 0;
                    for (LocalDate d = today.minusDays(CATCH_UP_DAYS); d.isBefore(today); d = d.plusDays(1)) {
                        Instant from = d.atStartOfDay(zone).toInstant();
                        Instant to = d.plusDays(1).atStartOfDay(zone).toInstant();
                        if (!H2AnalyticsStore.summarySent(c, d)
                                && (H2AnalyticsStore.anyHistory(c, from, to) || WasteLog.any(c, from, to))) {
                            Map<String, Object> summary = summary(c, d, zone);
                            H2AnalyticsStore.summarySent(c, d, clock.instant());
                            CloudRows.add(c, batch, MIRROR, summary, clock.instant());
                            sent++;
                        }
                    }
                    return sent;
                })
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("daily kitchen summaries queued for the cloud [days: {}]", n);
                    }
                })
                .onFailure(e -> LOG.error(
                        "daily kitchen summary not queued; tried again in 10 minutes [error: {}]", e.toString()));
    }

    /** {@code {"day", "analytics": {...}, "waste": {...totals}}} of one local day. */
    public static Map<String, Object> summary(Connection c, LocalDate d, ZoneId zone) throws SQLException {
        Instant from = d.atStartOfDay(zone).toInstant();
        Instant to = d.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("day", d.toString());
        s.put("zone", zone.getId());
        s.put("analytics", H2AnalyticsStore.tickets(c, from, to, null, zone));
        s.put("waste", WasteLog.totals(c, from, to));
        return s;
    }
}
