package id.dapur.edge.agent.web;

import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Today at a glance over HTTP ({@code /api/v1/dashboard}, an extension): orders, open tickets, ticket
 * times per station, late tickets, waste and open food-safety alerts, from several features at once,
 * so it lives in the web layer. Mounted after the bearer-token handler.
 */
public final class DashboardApi {
    private final BiFunction<Instant, Instant, Future<Map<String, Object>>> glance;
    private final Supplier<Future<Map<String, Object>>> live;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * {@code glance}: the records of a day (analytics, late tickets, waste, orders, open tickets), read
     * on a worker; {@code live}: what the dashboard shows besides (open alerts).
     */
    public DashboardApi(
            BiFunction<Instant, Instant, Future<Map<String, Object>>> glance,
            Supplier<Future<Map<String, Object>>> live,
            ZoneId zone,
            Clock clock) {
        this.glance = glance;
        this.live = live;
        this.zone = zone;
        this.clock = clock;
    }

    /** The live part: open alerts, and those of food safety listed. */
    public static Future<Map<String, Object>> openAlerts(Alerts alerts) {
        return alerts.open()
                .map(open -> Map.<String, Object>of(
                        "foodSafetyAlerts",
                        open.stream()
                                .filter(a -> FoodSafety.KINDS.contains(a.kind()))
                                .toList(),
                        "openAlerts",
                        open.size()));
    }

    public void mount(Router r) {
        r.get("/api/v1/dashboard").handler(this::dashboard);
    }

    /** Today at a glance: orders, open tickets, p50/p90 per station, late tickets, waste, open food-safety alerts. */
    private void dashboard(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        glance.apply(from, to)
                .map(glance -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("day", today.toString());
                    out.put("at", clock.instant().toString());
                    out.putAll(glance);
                    return out;
                })
                .compose(out -> live.get().map(l -> {
                    out.putAll(l);
                    return out;
                }))
                .onSuccess(m -> Responses.json(ctx, 200, m))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
