package id.dapur.edge.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.alerts.H2AlertStore;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.foodsafety.HaccpReport;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.scales.ScaleDesk;
import id.dapur.edge.agent.signals.KitchenSignals;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * Food safety, scales and GPIO endpoints (extensions of the contract, in docs/food-safety.md): alerts
 * and their acknowledgement, sensors, the daily HACCP report, scale weights with tare and zero, GPIO
 * state. Mounted after {@link HttpApi}'s bearer-token handler.
 */
public final class FoodSafetyApi {
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private final Vertx vertx;
    private final H2AlertStore alerts;
    private final FoodSafety foodSafety;
    private final HaccpReport report;
    private final ScaleDesk scales;
    private final KitchenSignals signals;
    private final Clock clock;

    public FoodSafetyApi(
            Vertx vertx,
            H2AlertStore alerts,
            FoodSafety foodSafety,
            HaccpReport report,
            ScaleDesk scales,
            KitchenSignals signals,
            Clock clock) {
        this.vertx = vertx;
        this.alerts = alerts;
        this.foodSafety = foodSafety;
        this.report = report;
        this.scales = scales;
        this.signals = signals;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.get("/api/v1/alerts").handler(this::openAlerts);
        r.post("/api/v1/alerts/:alertId/ack").handler(this::ack);
        r.get("/api/v1/sensors").handler(this::sensors);
        r.get("/api/v1/haccp/report").handler(this::report);
        r.get("/api/v1/scales").handler(this::allScales);
        r.get("/api/v1/scales/:scale/weight").handler(this::weight);
        r.post("/api/v1/scales/:scale/tare").handler(ctx -> command(ctx, true));
        r.post("/api/v1/scales/:scale/zero").handler(ctx -> command(ctx, false));
        r.get("/api/v1/gpio").handler(this::gpio);
        r.post("/api/v1/gpio/inputs/:input/simulate").handler(this::simulate);
    }

    private void openAlerts(RoutingContext ctx) {
        if (HttpApi.allowed(ctx, Role.KDS, Role.POS)) {
            alerts.open()
                    .onSuccess(list -> Responses.json(ctx, 200, Map.of("alerts", list)))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    /** {@code {"by": "who", "correctiveAction"?: "what was done"}}; repeating the same acknowledgement is fine. */
    private void ack(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx, Role.KDS)) {
            return;
        }
        String by;
        String action;
        try {
            JsonNode b = Payloads.parseObject(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
            by = text(b, "by", 100, true);
            action = text(b, "correctiveAction", 1000, false);
        } catch (Problem.Failure f) {
            ApiErrors.send(ctx, f.problem());
            return;
        }
        String id = ctx.pathParam("alertId");
        Caller caller = ctx.get(BearerAuth.CALLER);
        alerts.acknowledge(id, by, action, caller.role() == Role.KDS ? caller.station() : null)
                .onSuccess(ack -> {
                    if (ack.isEmpty()) {
                        ApiErrors.send(ctx, ErrorCode.UNKNOWN_ALERT, "no alert '" + id + "'");
                    } else if (!ack.get().now()
                            && !((by.equals(ack.get().alert().acknowledgedBy())
                                            || by.equals(ack.get().alert().acknowledgedVia()))
                                    && Objects.equals(action, ack.get().alert().correctiveAction()))) {
                        ApiErrors.send(
                                ctx,
                                Problem.of(
                                        ErrorCode.ALREADY_ACKNOWLEDGED,
                                        "alert " + id + " was acknowledged by "
                                                + ack.get().alert().acknowledgedBy() + " at "
                                                + ack.get().alert().acknowledgedAt()));
                    } else {
                        Responses.json(ctx, 200, ack.get().alert());
                    }
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private static String text(JsonNode b, String key, int max, boolean required) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw Problem.of(ErrorCode.INVALID_BODY, key + " is required").asFailure();
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
            throw Problem.of(ErrorCode.INVALID_BODY, key + " must be a text of 1-" + max + " characters")
                    .asFailure();
        }
        return v.asText().strip();
    }

    private void sensors(RoutingContext ctx) {
        if (HttpApi.allowed(ctx, Role.KDS, Role.POS)) {
            Responses.json(ctx, 200, Map.of("sensors", foodSafety.sensors()));
        }
    }

    /** {@code ?date=YYYY-MM-DD&format=pdf|csv}: the day in the outlet's time zone; today by default. */
    private void report(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx)) {
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

    private void allScales(RoutingContext ctx) {
        if (HttpApi.allowed(ctx, Role.KDS, Role.POS)) {
            Responses.json(ctx, 200, Map.of("scales", scales.scales()));
        }
    }

    /** {@code ?wait=ms} (0-5000, default 1500): how long to wait for the pan to settle. */
    private void weight(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx, Role.KDS, Role.POS) || !knownScale(ctx)) {
            return;
        }
        long wait;
        try {
            wait = Long.parseLong(
                    ctx.queryParams().get("wait") == null
                            ? "1500"
                            : ctx.queryParams().get("wait"));
            if (wait < 0 || wait > MAX_WAIT.toMillis()) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "wait must be 0-5000 (ms)");
            return;
        }
        scales.weight(ctx.pathParam("scale"), Duration.ofMillis(wait))
                .onSuccess(w -> Responses.json(ctx, 200, w))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void command(RoutingContext ctx, boolean tare) {
        if (HttpApi.allowed(ctx, Role.KDS, Role.POS) && knownScale(ctx)) {
            scales.command(ctx.pathParam("scale"), tare)
                    .onSuccess(v -> Responses.json(ctx, 200, Map.of("done", tare ? "tare" : "zero")))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    private boolean knownScale(RoutingContext ctx) {
        if (scales.knows(ctx.pathParam("scale"))) {
            return true;
        }
        ApiErrors.send(ctx, ErrorCode.UNKNOWN_SCALE, "no scale '" + ctx.pathParam("scale") + "' at this outlet");
        return false;
    }

    private void gpio(RoutingContext ctx) {
        if (HttpApi.allowed(ctx, Role.KDS)) {
            Responses.json(
                    ctx, 200, signals == null ? Map.of("outputs", Map.of(), "inputs", Map.of()) : signals.state());
        }
    }

    /** Demo and test aid: {@code {"active": true}} on a mock input, as a person at the door would. */
    private void simulate(RoutingContext ctx) {
        if (!HttpApi.allowed(ctx)) {
            return;
        }
        try {
            JsonNode b = Payloads.parseObject(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
            if (signals == null || b.get("active") == null || !b.get("active").isBoolean()) {
                throw Problem.of(
                                ErrorCode.INVALID_BODY,
                                signals == null ? "no GPIO is configured" : "active must be true or false")
                        .asFailure();
            }
            signals.simulate(ctx.pathParam("input"), b.get("active").booleanValue());
            Responses.json(ctx, 200, signals.state());
        } catch (Problem.Failure f) {
            ApiErrors.send(ctx, f.problem());
        } catch (IllegalArgumentException | IllegalStateException e) {
            ApiErrors.send(ctx, ErrorCode.NOT_SUPPORTED, e.getMessage());
        }
    }
}
