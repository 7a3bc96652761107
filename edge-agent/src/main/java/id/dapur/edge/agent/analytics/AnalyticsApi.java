package id.dapur.edge.agent.analytics;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Requests;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneId;

/**
 * Kitchen analytics over HTTP: ticket times per station, item, cook, hour and part of the day for a
 * period (at most 400 days), one station or all. Mounted after the bearer-token handler.
 */
public final class AnalyticsApi {
    private final Vertx vertx;
    private final Database db;
    private final ZoneId zone;
    private final Clock clock;

    public AnalyticsApi(Vertx vertx, Database db, ZoneId zone, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.zone = zone;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.get("/api/v1/analytics/tickets").handler(this::analytics);
    }

    private void analytics(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        Requests.Range r = Requests.range(ctx, clock, zone);
        if (r == null) {
            return;
        }
        String station = ctx.queryParams().get("station");
        H2AnalyticsStore.tickets(vertx, db, r.from(), r.to(), station == null || station.isEmpty() ? null : station)
                .onSuccess(m -> Responses.json(ctx, 200, m))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
