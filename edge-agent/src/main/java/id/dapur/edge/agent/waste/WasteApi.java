package id.dapur.edge.agent.waste;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Requests;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The waste log over HTTP: log an entry (weighed on a scale or counted), list a period's entries
 * with their totals, the day's report as CSV or PDF. Mounted after the bearer-token handler.
 */
public final class WasteApi {
    private final Vertx vertx;
    private final WasteLog waste;
    private final WasteReport report;
    private final ZoneId zone;
    private final Clock clock;

    public WasteApi(Vertx vertx, WasteLog waste, WasteReport report, ZoneId zone, Clock clock) {
        this.vertx = vertx;
        this.waste = waste;
        this.report = report;
        this.zone = zone;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.post("/api/v1/waste").handler(this::logWaste);
        r.get("/api/v1/waste").handler(this::listWaste);
        r.get("/api/v1/waste/report").handler(this::wasteReport);
    }

    private void logWaste(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS)) {
            return;
        }
        Caller c = BearerAuth.caller(ctx);
        JsonNode b = Requests.jsonBody(ctx);
        if (b == null) {
            return;
        }
        waste.log(b, "http:" + c.name(), c.role() == Role.KDS ? c.station() : null)
                .onSuccess(l -> Responses.json(ctx, l.created() ? 201 : 200, l.entry()))
                .onFailure(e -> {
                    // the contract: a scale that cannot give a stable weight is 409 with the scale's code (offline too)
                    if (e instanceof Problem.Failure f && f.problem().code().startsWith("SCALE_")) {
                        ApiErrors.send(ctx, 409, f.problem());
                    } else {
                        ApiErrors.fail(ctx, e);
                    }
                });
    }

    private void listWaste(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS)) {
            return;
        }
        Requests.Range r = Requests.range(ctx, clock, zone);
        if (r != null) {
            waste.list(r.from(), r.to())
                    .onSuccess(m -> Responses.json(ctx, 200, m))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    private void wasteReport(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        String format = ctx.queryParams().get("format") == null
                ? "csv"
                : ctx.queryParams().get("format");
        if (!format.equals("csv") && !format.equals("pdf")) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "format must be csv or pdf");
            return;
        }
        LocalDate day;
        try {
            String d = ctx.queryParams().get("day");
            day = d == null ? LocalDate.now(clock.withZone(zone)) : LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "day must be a date like 2026-12-01");
            return;
        }
        vertx.executeBlocking(
                        () -> {
                            WasteReport.Day d = report.day(day);
                            return format.equals("pdf")
                                    ? WasteReport.pdf(d)
                                    : WasteReport.csv(d).getBytes(StandardCharsets.UTF_8);
                        },
                        false)
                .onSuccess(bytes -> ctx.response()
                        .putHeader("Content-Type", format.equals("pdf") ? "application/pdf" : "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"waste-" + day + "." + format + "\"")
                        .end(Buffer.buffer(bytes)))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
