package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Food safety over HTTP (docs/food-safety.md): the sensors and the daily HACCP report, as JSON, CSV
 * or PDF. Mounted after the bearer-token handler.
 */
public final class FoodSafetyApi {
    private final Vertx vertx;
    private final FoodSafety foodSafety;
    private final HaccpReport report;
    private final Clock clock;

    public FoodSafetyApi(Vertx vertx, FoodSafety foodSafety, HaccpReport report, Clock clock) {
        this.vertx = vertx;
        this.foodSafety = foodSafety;
        this.report = report;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.get("/api/v1/sensors").handler(this::sensors);
        r.get("/api/v1/haccp/report").handler(this::report);
    }

    private void sensors(RoutingContext ctx) {
        if (BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            Responses.json(ctx, 200, Map.of("sensors", foodSafety.sensors()));
        }
    }

    /** {@code ?date=YYYY-MM-DD&format=pdf|csv}: the day in the outlet's time zone; today by default. */
    private void report(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        String d = ctx.queryParams().get("date");
        String format = ctx.queryParams().get("format") == null
                ? "pdf"
                : ctx.queryParams().get("format");
        LocalDate date;
        try {
            date = d == null ? LocalDate.now(clock.withZone(ZoneId.systemDefault())) : LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "date must look like 2026-11-23");
            return;
        }
        if (!format.equals("pdf") && !format.equals("csv")) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "format must be pdf or csv");
            return;
        }
        report.day(date, clock.instant())
                .compose(day -> format.equals("csv")
                        ? Future.succeededFuture(Buffer.buffer(HaccpReport.csv(day)))
                        : vertx.executeBlocking(() -> Buffer.buffer(HaccpReport.pdf(day)), false))
                .onSuccess(body -> ctx.response()
                        .putHeader("Content-Type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/pdf")
                        .putHeader("Content-Disposition", "attachment; filename=\"haccp-" + date + "." + format + "\"")
                        .end(body))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
