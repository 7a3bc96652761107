package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MenuConfig;
import id.dapur.edge.config.Role;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kitchen screens the agent serves itself ({@code GET /kds/<station>}): the
 * page and its assets from the jar (no CDN, no internet), and the WebSocket each page keeps open.
 */
public final class KitchenScreens {
    static final String ASSETS = "/kds-assets/";
    private static final long HEARTBEAT_MS = 5_000;

    private final Vertx vertx;
    private final DapurConfig config;
    private final OrderStore store;
    private final TicketDesk desk;
    private final ShownTickets shown;
    private final ScreenFeed feed;
    private final BearerAuth auth;
    private final Clock clock;
    private final String pageTemplate;
    private final ScreenTexts texts;
    private Future<String> instanceId;
    private final AtomicInteger openSockets = new AtomicInteger();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KitchenScreens.class);

    public KitchenScreens(
            Vertx vertx,
            DapurConfig config,
            OrderStore store,
            TicketDesk desk,
            ScreenFeed feed,
            Clock clock,
            BearerAuth auth,
            ShownTickets shown) {
        this.shown = shown;
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.desk = desk;
        this.feed = feed;
        this.auth = auth;
        this.clock = clock;
        this.pageTemplate = resource("kds-assets/kds.html");
        this.texts = new ScreenTexts(config.kitchen().language());
    }

    /** Adds {@code /kds}, {@code /kds/<station>}, its WebSocket and the assets; starts the heartbeat. */
    public void mount(Router r) {
        r.get(ASSETS + "*")
                .handler(StaticHandler.create("kds-assets")
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(300)
                        .setDirectoryListing(false)
                        .setIncludeHidden(false));
        r.get("/kds").handler(this::index);
        r.get("/kds/:station").handler(this::page);
        r.get("/kds/:station/ws").handler(this::socket);
        vertx.setPeriodic(
                HEARTBEAT_MS, t -> feed.broadcast("{\"type\":\"ping\",\"serverTime\":" + clock.millis() + "}"));
    }

    private void index(RoutingContext ctx) {
        StringBuilder links = new StringBuilder("<ul class=\"stations\">");
        for (StationConfig s : config.stations()) {
            links.append("<li><a href=\"/kds/")
                    .append(s.id())
                    .append("\">")
                    .append(Html.escape(s.name()))
                    .append("</a></li>");
        }
        html(ctx, 200, texts.page(texts.get("stations.title"), texts.get("stations.body") + links + "</ul>"));
    }

    private void page(RoutingContext ctx) {
        Optional<StationConfig> station = config.station(ctx.pathParam("station"));
        if (station.isEmpty()) {
            html(
                    ctx,
                    404,
                    texts.page(
                            texts.get("unknown.title"),
                            texts.format(
                                    "unknown.body",
                                    Html.escape(ctx.pathParam("station")),
                                    String.join(
                                            ", ",
                                            config.stations().stream()
                                                    .map(StationConfig::id)
                                                    .toList()))));
            return;
        }
        String token = ctx.queryParams().get("token");
        BearerAuth.Login login = token == null ? null : auth.login(address(ctx), token, "kds-page");
        if (login instanceof BearerAuth.LockedOut l) {
            ctx.response().putHeader("Retry-After", Long.toString(l.retryAfterSeconds()));
            html(
                    ctx,
                    429,
                    texts.page(
                            texts.get("token.title"),
                            texts.format("token.body", Html.escape(station.get().name()))));
            return;
        }
        if (login != null
                && !(login instanceof BearerAuth.Granted g
                        && mayWatch(g.caller(), station.get().id()))) {
            html(
                    ctx,
                    401,
                    texts.page(
                            texts.get("token.title"),
                            texts.format("token.body", Html.escape(station.get().name()))));
            return;
        }
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer");
        html(
                ctx,
                200,
                pageTemplate
                        .replace("{{lang}}", config.kitchen().language())
                        .replace("{{station}}", station.get().id())
                        .replace(
                                "{{title}}",
                                Html.escape(station.get().name() + " · "
                                        + config.outlet().name())));
    }

    private static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }

    static boolean mayWatch(Caller c, String station) {
        return c != null && (c.role() == Role.ADMIN || c.role() == Role.KDS && station.equals(c.station()));
    }

    private void socket(RoutingContext ctx) {
        Optional<StationConfig> station = config.station(ctx.pathParam("station"));
        if (station.isEmpty()) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (openSockets.get() >= config.http().maxScreens()) {
            ctx.response().putHeader("Retry-After", "30");
            ctx.response().setStatusCode(503).end();
            LOG.warn("kitchen screen refused: {} screens are connected already (http.maxScreens)", openSockets.get());
            return;
        }
        openSockets.incrementAndGet();
        ctx.request().toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                openSockets.decrementAndGet();
                return;
            }
            new ScreenSocket(
                            vertx,
                            ar.result(),
                            station.get().id(),
                            station.get().expo(),
                            this,
                            clock)
                    .start();
        });
    }

    /** A screen socket ended (its place under {@code http.maxScreens} is free again). */
    void socketClosed() {
        openSockets.decrementAndGet();
    }

    /** What a screen needs to know about itself and the outlet, sent once it is paired. */
    Map<String, Object> welcome(String stationId, String instance, long serverTime) {
        StationConfig s = config.station(stationId).orElseThrow();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("id", s.id());
        st.put("name", s.name());
        st.put("expo", s.expo());
        st.put("amberAfter", config.amberAfter(s).toSeconds());
        st.put("redAfter", config.redAfter(s).toSeconds());
        st.put("keys", s.keys().byCommand());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "welcome");
        out.put("instance", instance);
        out.put("serverTime", serverTime);
        out.put("outlet", config.outlet().name());
        out.put("language", config.kitchen().language());
        out.put("recallWindow", recallWindow().toSeconds());
        out.put("hasExpo", config.stations().stream().anyMatch(StationConfig::expo));
        out.put("station", st);
        out.put(
                "recipes",
                config.menu().items().stream()
                        .filter(i -> i.recipe() != null)
                        .map(MenuConfig.Item::sku)
                        .toList());
        out.put(
                "menuItems",
                config.menu().items().stream()
                        .limit(2000)
                        .map(i -> Map.of("sku", i.sku(), "name", i.name()))
                        .toList());
        out.put("scales", config.scales().stream().map(x -> x.id()).toList());
        out.put(
                "stations",
                config.stations().stream()
                        .map(x -> Map.of("id", x.id(), "name", x.name(), "expo", x.expo()))
                        .toList());
        return out;
    }

    /** This database's id: read once, it cannot change while the agent runs (a failed read is tried again). */
    Future<String> instanceId() {
        if (instanceId == null || instanceId.failed()) {
            instanceId = store.instanceId();
        }
        return instanceId;
    }

    Duration recallWindow() {
        return config.kitchen().recallWindow();
    }

    BearerAuth auth() {
        return auth;
    }

    ScreenFeed feed() {
        return feed;
    }

    OrderStore store() {
        return store;
    }

    ShownTickets shown() {
        return shown;
    }

    TicketDesk desk() {
        return desk;
    }

    private static void html(RoutingContext ctx, int status, String body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                // the page runs only its own scripts and talks only to this agent
                .putHeader(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'")
                .end(body);
    }

    /** A text resource from the jar (pages and their templates). */
    public static String resource(String path) {
        try (InputStream in = KitchenScreens.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
