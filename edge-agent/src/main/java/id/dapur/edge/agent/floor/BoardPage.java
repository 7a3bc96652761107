package id.dapur.edge.agent.floor;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.screens.Html;
import id.dapur.edge.agent.screens.KitchenScreens;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.BoardConfig;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.Role;
import id.dapur.edge.config.StationConfig;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ready board's page and its WebSocket: {@code GET /board}, opened once with
 * {@code ?token=} of role {@code board} (or admin) and kept by the page, as a kitchen screen keeps
 * its token; {@code GET /board/ws}, where the page says {@code hello} with its token and gets the
 * board at once and after every change. A board page sends nothing else; a kitchen token cannot open
 * it, and a board token opens nothing but it.
 */
public final class BoardPage {
    private static final Logger LOG = LoggerFactory.getLogger(BoardPage.class);
    static final int MAX_BOARDS = 16;
    private static final long HEARTBEAT_MS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final BoardConfig config;
    private final String outletName;
    private final BearerAuth auth;
    private final OrderStore store;
    private final ReadyBoard board;
    private final Clock clock;
    private final String page;
    private final Set<ServerWebSocket> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sockets = new AtomicInteger();
    private volatile String last;
    private final long[] timers = {-1, -1};

    public BoardPage(Vertx vertx, DapurConfig config, BearerAuth auth, OrderStore store, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.config = config.board();
        this.outletName = config.outlet().name();
        this.auth = auth;
        this.store = store;
        this.clock = clock;
        this.board = new ReadyBoard(
                this.config.readyFor(), config.stations().stream().anyMatch(StationConfig::expo), clock);
        this.page = KitchenScreens.resource("board-assets/board.html");
    }

    /** Ticket changes after their commit, parsed, on the board's context. */
    public void applied(List<ChangedTicket> changes) {
        if (board.applied(changes)) {
            broadcast();
        }
    }

    /** Reads the open orders, then keeps the board current and drops orders ready too long. */
    public Future<Void> start() {
        return store.screenSnapshot(null, clock.instant().minus(config.readyFor()))
                .map(read -> {
                    context.runOnContext(v -> {
                        board.loaded(read.changes());
                        board.expire();
                        broadcast();
                    });
                    timers[0] = vertx.setPeriodic(
                            1000,
                            t -> context.runOnContext(v -> {
                                if (board.expire()) {
                                    broadcast();
                                }
                            }));
                    timers[1] = vertx.setPeriodic(
                            HEARTBEAT_MS,
                            t -> context.runOnContext(
                                    v -> send("{\"type\":\"ping\",\"serverTime\":" + clock.millis() + "}")));
                    return null;
                });
    }

    /** Stops the timers and closes the boards' sockets (they reconnect to the next start). */
    public void stop() {
        for (long t : timers) {
            if (t >= 0) {
                vertx.cancelTimer(t);
            }
        }
        live.forEach(ws -> ws.close((short) 1001, "agent restarting"));
    }

    public void mount(Router r) {
        r.get("/board-assets/*")
                .handler(StaticHandler.create("board-assets")
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(300)
                        .setDirectoryListing(false)
                        .setIncludeHidden(false));
        r.get("/board").handler(this::page);
        r.get("/board/ws").handler(this::socket);
    }

    static boolean mayWatch(Caller c) {
        return c != null && (c.role() == Role.BOARD || c.role() == Role.ADMIN);
    }

    private void page(RoutingContext ctx) {
        String token = ctx.queryParams().get("token");
        if (token != null) {
            BearerAuth.Login login = auth.login(address(ctx), token, "board-page");
            if (login instanceof BearerAuth.LockedOut l) {
                ctx.response().putHeader("Retry-After", Long.toString(l.retryAfterSeconds()));
                html(
                        ctx,
                        429,
                        "<!doctype html><title>Too many attempts</title><p>Too many failed attempts from this address; try again later.</p>");
                return;
            }
            if (!(login instanceof BearerAuth.Granted g && mayWatch(g.caller()))) {
                html(
                        ctx,
                        401,
                        "<!doctype html><title>Not a board token</title><p>This link is not a ready board link. Ask the outlet"
                                + " manager for the board's link (a token of role board).</p>");
                return;
            }
        }
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer");
        html(
                ctx,
                200,
                page.replace("{{lang}}", config.language())
                        .replace("{{title}}", Html.escape(config.title() != null ? config.title() : outletName)));
    }

    private void socket(RoutingContext ctx) {
        if (sockets.incrementAndGet() > MAX_BOARDS) {
            sockets.decrementAndGet();
            ctx.response().putHeader("Retry-After", "30").setStatusCode(503).end();
            return;
        }
        ctx.request().toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                sockets.decrementAndGet();
                return;
            }
            ServerWebSocket ws = ar.result();
            ws.setWriteQueueMaxSize(256 * 1024);
            long helloTimer = vertx.setTimer(10_000, t -> {
                if (!live.contains(ws)) {
                    ws.close((short) 4400, "no hello within 10 s");
                }
            });
            ws.textMessageHandler(text -> hello(ws, text, helloTimer));
            ws.closeHandler(v -> {
                sockets.decrementAndGet();
                live.remove(ws);
                vertx.cancelTimer(helloTimer);
            });
            ws.exceptionHandler(e -> LOG.debug("board socket error [error: {}]", e.toString()));
        });
    }

    private void hello(ServerWebSocket ws, String text, long helloTimer) {
        if (live.contains(ws)) {
            return; // a board only listens
        }
        JsonNode msg;
        try {
            msg = text.length() > 4096 ? null : Json.tree(text);
        } catch (RuntimeException e) {
            msg = null;
        }
        if (msg == null || !"hello".equals(msg.path("type").asText())) {
            ws.close((short) 4401, "say hello with a token first");
            return;
        }
        vertx.cancelTimer(helloTimer);
        String address =
                ws.remoteAddress() == null ? "unknown" : ws.remoteAddress().hostAddress();
        BearerAuth.Login login = auth.login(address, msg.path("token").asText(""), "board");
        if (login instanceof BearerAuth.LockedOut) {
            write(ws, Json.write(Map.of("type", "error", "code", "TOO_MANY_FAILED_LOGINS")));
            ws.close((short) 4429, "too many failed logins");
            return;
        }
        if (!(login instanceof BearerAuth.Granted g && mayWatch(g.caller()))) {
            write(
                    ws,
                    Json.write(Map.of("type", "error", "code", "UNAUTHORIZED", "message", "not a ready board token")));
            ws.close((short) 4401, "unauthorized");
            return;
        }
        Map<String, Object> welcome = new LinkedHashMap<>();
        welcome.put("type", "welcome");
        welcome.put("language", config.language());
        welcome.put("chime", config.chime());
        welcome.put("serverTime", clock.millis());
        write(ws, Json.write(welcome));
        live.add(ws);
        write(ws, last != null ? last : Json.write(board.message()));
    }

    /** The board as it is now, to every board watching; with none watching it is made when one says hello. */
    private void broadcast() {
        if (live.isEmpty()) {
            last = null;
            return;
        }
        last = Json.write(board.message());
        send(last);
    }

    /** Every frame the board is sent goes out here (checked against the contract when the agent checks itself). */
    private static void write(ServerWebSocket ws, String json) {
        SelfCheck.frame("board-frame", json);
        ws.writeTextMessage(json);
    }

    private void send(String json) {
        for (ServerWebSocket ws : List.copyOf(live)) {
            if (ws.writeQueueFull()) {
                ws.close((short) 4008, "too slow; reconnect");
                live.remove(ws);
            } else {
                write(ws, json);
            }
        }
    }

    private static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(
                        "Content-Security-Policy",
                        "default-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'")
                .end(body);
    }
}
