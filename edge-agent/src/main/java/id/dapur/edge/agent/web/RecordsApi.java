package id.dapur.edge.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.analytics.Analytics;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.waste.WasteLog;
import id.dapur.edge.agent.waste.WasteReport;
import id.dapur.edge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Staff at stations and kitchen analytics, waste, and the manager's dashboard
 * data (extension, docs/dashboard.md). Times in queries: an ISO instant, or a local date (from its
 * start; {@code to} a date means to the end of that day); by default today; at most 400 days.
 */
public final class RecordsApi {
    static final Duration MAX_RANGE = Duration.ofDays(400);
    private final Vertx vertx;
    private final Database db;
    private final StationStaff staff;
    private final WasteLog waste;
    private final WasteReport report;
    private final Supplier<Future<Map<String, Object>>> live;
    private final ZoneId zone;
    private final Clock clock;

    /** {@code live}: what the dashboard shows besides the records (open tickets, food-safety alerts), read on a worker. */
    public RecordsApi(
            Vertx vertx,
            Database db,
            StationStaff staff,
            WasteLog waste,
            WasteReport report,
            Supplier<Future<Map<String, Object>>> live,
            ZoneId zone,
            Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.staff = staff;
        this.waste = waste;
        this.report = report;
        this.live = live;
        this.zone = zone;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.post("/api/v1/stations/:station/staff").handler(this::signIn);
        r.delete("/api/v1/stations/:station/staff").handler(this::signOut);
        r.get("/api/v1/stations/:station/staff").handler(this::signedIn);
        r.post("/api/v1/waste").handler(this::logWaste);
        r.get("/api/v1/waste").handler(this::listWaste);
        r.get("/api/v1/waste/report").handler(this::wasteReport);
        r.get("/api/v1/analytics/tickets").handler(this::analytics);
        r.get("/api/v1/dashboard").handler(this::dashboard);
    }

    private static Caller caller(RoutingContext ctx) {
        return ctx.get(BearerAuth.CALLER);
    }

    /** A kds token may act for its own station only; admin for any. */
    private static boolean atOwnStation(RoutingContext ctx, String station) {
        if (!HttpApi.allowed(ctx, Role.KDS)) {
            return false;
        }
        Caller c = caller(ctx);
        if (c.role() == Role.KDS && !station.equals(c.station())) {
            ApiErrors.send(
                    ctx, ErrorCode.FORBIDDEN_STATION, "a " + c.station() + " screen may not sign in at " + station);
            return false;
        }
        return true;
    }

    /** The body as a JSON object, or null after answering why not. */
    private static JsonNode body(RoutingContext ctx) {
        try {
            return Payloads.parseObject(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
        } catch (Problem.Failure f) {
            ApiErrors.fail(ctx, f);
            return null;
        }
    }

    private void signIn(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!atOwnStation(ctx, station)) {
            return;
        }
        JsonNode b = body(ctx);
        if (b == null) {
            return;
        }
        String staffId = b.path("staffId").isTextual() ? b.path("staffId").asText() : null;
        String pin = b.path("pin").isTextual() ? b.path("pin").asText() : null;
        staff.signIn(station, staffId, pin, "http:" + caller(ctx).name())
                .onSuccess(s -> Responses.json(ctx, 201, s.describe()))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void signOut(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!atOwnStation(ctx, station)) {
            return;
        }
        staff.signOut(station, "http:" + caller(ctx).name())
                .onSuccess(was -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("station", station);
                    out.put("signedOut", was.map(StationStaff.SignedIn::staffId).orElse(null));
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void signedIn(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!atOwnStation(ctx, station)) {
            return;
        }
        staff.all()
                .onSuccess(all -> {
                    StationStaff.SignedIn s = all.get(station);
                    Responses.json(ctx, 200, s == null ? Map.of("station", station) : s.describe());
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void logWaste(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx, Role.KDS)) {
            return;
        }
        Caller c = caller(ctx);
        JsonNode b = body(ctx);
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

    /** [from, to) from the query, or null after answering 400. */
    private Instant[] range(RoutingContext ctx) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        try {
            Instant from =
                    time(ctx.queryParams().get("from"), today.atStartOfDay(zone).toInstant(), false);
            Instant to = time(
                    ctx.queryParams().get("to"),
                    today.plusDays(1).atStartOfDay(zone).toInstant(),
                    true);
            if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_RANGE.plusDays(1)) > 0) {
                ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "from must be before to, at most 400 days apart");
                return null;
            }
            return new Instant[] {from, to};
        } catch (DateTimeParseException e) {
            ApiErrors.send(
                    ctx,
                    ErrorCode.INVALID_QUERY,
                    "from and to must be ISO instants (2026-12-01T10:00:00Z) or dates (2026-12-01)");
            return null;
        }
    }

    private Instant time(String v, Instant dflt, boolean end) {
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (v.length() == 10) {
            LocalDate d = LocalDate.parse(v);
            return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
        }
        return Instant.parse(v);
    }

    private void listWaste(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx, Role.KDS)) {
            return;
        }
        Instant[] r = range(ctx);
        if (r != null) {
            waste.list(r[0], r[1]).onSuccess(m -> Responses.json(ctx, 200, m)).onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    private void wasteReport(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx)) {
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

    private void analytics(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx)) {
            return;
        }
        Instant[] r = range(ctx);
        if (r == null) {
            return;
        }
        String station = ctx.queryParams().get("station");
        Analytics.tickets(vertx, db, r[0], r[1], station == null || station.isEmpty() ? null : station)
                .onSuccess(m -> Responses.json(ctx, 200, m))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    /** Today at a glance (extension): orders, open tickets, p50/p90 per station, late tickets, waste, open food-safety alerts. */
    private void dashboard(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx)) {
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        Analytics.glance(vertx, db, from, to)
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
