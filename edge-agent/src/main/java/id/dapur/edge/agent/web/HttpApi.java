package id.dapur.edge.agent.web;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.kitchen.OrderIntake;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.kitchen.OrderStore.TicketFilter;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.HttpConfig;
import id.dapur.edge.config.Role;
import id.dapur.edge.contract.Contract;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** the contract: the HTTP API, {@code /health} and {@code /metrics}. */
public final class HttpApi {
    private final OrderIntake intake;
    private final TicketDesk desk;
    private final OrderStore store;
    private final StationRouter stations;
    private final AgentMetrics metrics;
    private final Supplier<Health> health;
    private final HttpConfig config;
    private final BearerAuth auth;

    /** Readiness: UP when every check is; {@code checks} name what is not, and why. */
    public record Health(boolean up, Map<String, String> checks, Map<String, Object> details) {
        public Health(boolean up, Map<String, String> checks) {
            this(up, checks, Map.of());
        }
    }

    public HttpApi(
            OrderIntake intake,
            TicketDesk desk,
            OrderStore store,
            StationRouter stations,
            AgentMetrics metrics,
            Supplier<Health> health,
            HttpConfig config,
            BearerAuth auth) {
        this.intake = intake;
        this.desk = desk;
        this.store = store;
        this.stations = stations;
        this.metrics = metrics;
        this.health = health;
        this.config = config;
        this.auth = auth;
    }

    public Router router(Vertx vertx) {
        return router(vertx, null);
    }

    /** The routes; {@code gate}, when given, sees every {@code /api/v1} request once its caller is known and its body read. */
    public Router router(Vertx vertx, Handler<RoutingContext> gate) {
        Router r = Router.router(vertx);
        r.get("/health").handler(this::health);
        r.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.scrape()));
        // the contract itself needs no token: an integrator reads it before they have one
        r.get("/api/v1/openapi.json").handler(HttpApi::openApi);
        r.route("/api/v1/*").handler(auth);
        r.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        if (gate != null) {
            r.route("/api/v1/*").handler(gate);
        }
        r.post("/api/v1/orders").handler(this::postOrder);
        r.get("/api/v1/orders/:orderId").handler(this::getOrder);
        r.post("/api/v1/orders/:orderId/void").handler(this::voidOrder);
        r.get("/api/v1/stations/:station/tickets").handler(this::stationTickets);
        r.postWithRegex("/api/v1/tickets/(?<ticket>.+)/actions").handler(this::ticketAction);
        r.errorHandler(
                404,
                ctx -> ApiErrors.send(
                        ctx,
                        ErrorCode.NOT_FOUND,
                        "no such resource: " + ctx.request().path()));
        r.errorHandler(
                405,
                ctx -> ApiErrors.send(
                        ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed here"));
        r.errorHandler(
                413,
                ctx -> ApiErrors.send(
                        ctx,
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "the body is larger than " + config.maxBodyBytes() + " bytes"));
        r.errorHandler(500, ctx -> ApiErrors.send(ctx, ErrorCode.INTERNAL, "the agent could not handle this request"));
        return r;
    }

    /**
     * The router while storage is unavailable: {@code /health} and {@code /metrics} answer, everything
     * else is 503 {@code STORAGE_UNAVAILABLE} in the API's one error shape.
     */
    public static Router unavailable(Vertx vertx, Supplier<Health> health, AgentMetrics metrics) {
        Router r = Router.router(vertx);
        r.get("/health").handler(ctx -> health(ctx, health.get()));
        r.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.scrape()));
        r.route()
                .handler(ctx ->
                        ApiErrors.send(ctx, ErrorCode.STORAGE_UNAVAILABLE, "storage is unavailable; see /health"));
        return r;
    }

    /** The local OpenAPI document, every schema inlined; built on a worker the first time (it is cached). */
    private static void openApi(RoutingContext ctx) {
        ctx.vertx()
                .executeBlocking(() -> Contract.get().openApiJson(), false)
                .onSuccess(json -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "max-age=300")
                        .end(Buffer.buffer(json)))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void health(RoutingContext ctx) {
        health(ctx, health.get());
    }

    private static void health(RoutingContext ctx, Health h) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", h.up() ? "UP" : "DOWN");
        body.put("checks", h.checks());
        if (!h.details().isEmpty()) {
            body.put("details", h.details());
        }
        body.put("contractVersion", Contract.get().version());
        Responses.json(ctx, h.up() ? 200 : 503, body);
    }

    /** The caller of a request past the bearer check, or null before it. */
    public static Caller callerOf(RoutingContext ctx) {
        return ctx.get(BearerAuth.CALLER);
    }

    /** The problem an error answer to this request carries, or null (no error answer, or not yet). */
    public static Problem answeredProblem(RoutingContext ctx) {
        return ctx.get(ApiErrors.PROBLEM);
    }

    /** Answers with the API's error shape at the code's own status ({@code Retry-After} when it is retryable). */
    public static void refuse(RoutingContext ctx, ErrorCode code, String message) {
        ApiErrors.send(ctx, code, message);
    }

    private static Caller caller(RoutingContext ctx) {
        return BearerAuth.caller(ctx);
    }

    private static boolean allowed(RoutingContext ctx, Role... roles) {
        return BearerAuth.allowed(ctx, roles);
    }

    private static byte[] body(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    private void postOrder(RoutingContext ctx) {
        if (!allowed(ctx, Role.POS)) {
            return;
        }
        intake.submit(body(ctx), "http:" + caller(ctx).name())
                .onSuccess(a -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("orderId", a.orderId());
                    out.put("event", a.duplicate() ? "DUPLICATE" : "ACCEPTED");
                    out.put(
                            "ticketIds",
                            a.tickets().stream().map(t -> t.ticketId()).toList());
                    if (!a.warnings().isEmpty()) {
                        out.put("warnings", a.warnings());
                    }
                    Responses.json(ctx, a.duplicate() ? 200 : 201, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void getOrder(RoutingContext ctx) {
        if (!allowed(ctx, Role.POS, Role.KDS)) {
            return;
        }
        String id = ctx.pathParam("orderId");
        store.order(id)
                .onSuccess(o -> {
                    if (o.isEmpty()) {
                        ApiErrors.send(ctx, ErrorCode.UNKNOWN_ORDER, "no order " + id);
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> out = Json.read(o.get().body(), Map.class);
                    out.put("status", o.get().status());
                    out.put("tickets", o.get().tickets());
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void voidOrder(RoutingContext ctx) {
        if (!allowed(ctx, Role.POS)) {
            return;
        }
        intake.voidOrder(body(ctx), "http:" + caller(ctx).name(), ctx.pathParam("orderId"))
                .onSuccess(v -> Responses.json(ctx, 200, v))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void stationTickets(RoutingContext ctx) {
        if (!allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        String station = ctx.pathParam("station");
        if (!stations.knows(station)) {
            ApiErrors.send(ctx, ErrorCode.UNKNOWN_STATION, "no station '" + station + "' at this outlet");
            return;
        }
        TicketFilter filter;
        int limit;
        long after;
        try {
            filter = TicketFilter.valueOf(
                    ctx.queryParams().get("status") == null
                            ? "OPEN"
                            : ctx.queryParams().get("status").toUpperCase(Locale.ROOT));
            limit = Integer.parseInt(
                    ctx.queryParams().get("limit") == null
                            ? "100"
                            : ctx.queryParams().get("limit"));
            after = Long.parseLong(
                    ctx.queryParams().get("after") == null
                            ? "0"
                            : ctx.queryParams().get("after"));
            if (limit < 1 || limit > 500 || after < 0) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            ApiErrors.send(
                    ctx, ErrorCode.INVALID_QUERY, "status must be open|done|all, limit 1-500, after a ticket seq >= 0");
            return;
        }
        int pageSize = limit;
        store.tickets(station, filter, after, pageSize)
                .onSuccess(list -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("tickets", list);
                    if (list.size() == pageSize) {
                        out.put("next", list.get(list.size() - 1).seq());
                    }
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void ticketAction(RoutingContext ctx) {
        if (!allowed(ctx, Role.KDS)) {
            return;
        }
        Caller c = caller(ctx);
        String ticketId = URLDecoder.decode(ctx.pathParam("ticket"), StandardCharsets.UTF_8);
        desk.act(body(ctx), "http:" + c.name(), c.role() == Role.ADMIN ? null : c.station(), ticketId)
                .onSuccess(r -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("actionId", r.actionId());
                    out.put("repeated", r.repeated());
                    out.put("ticket", r.ticket());
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
