package id.dapur.edge.agent;

import id.dapur.edge.agent.alerts.AlertsApi;
import id.dapur.edge.agent.analytics.AnalyticsApi;
import id.dapur.edge.agent.audit.AuditApi;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.cloud.CloudApi;
import id.dapur.edge.agent.floor.FloorApi;
import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.foodsafety.FoodSafetyApi;
import id.dapur.edge.agent.printing.PrintApi;
import id.dapur.edge.agent.scales.ScalesApi;
import id.dapur.edge.agent.signals.GpioApi;
import id.dapur.edge.agent.staff.StaffApi;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.waste.WasteApi;
import id.dapur.edge.agent.waste.WasteReport;
import id.dapur.edge.agent.web.DashboardApi;
import id.dapur.edge.agent.web.DashboardPage;
import id.dapur.edge.agent.web.HttpApi;
import id.dapur.edge.agent.web.HttpListeners;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The HTTP API, the kitchen screens' pages and sockets, /health and /metrics, on the plain and TLS ports. */
final class HttpService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Router router;
    private final KeyCertOptions tls;
    private final AgentMetrics metrics;
    private HttpListeners listeners;

    HttpService(Vertx vertx, DapurConfig config, Router router, KeyCertOptions tls, AgentMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.router = router;
        this.tls = tls;
        this.metrics = metrics;
    }

    /** Every route of a running kitchen. */
    static Router routes(
            Vertx vertx,
            KitchenService kitchen,
            PrintingService printing,
            FloorService floor,
            AlertsService alerts,
            FoodSafetyService food,
            ScalesService scales,
            RecordsService records,
            CloudService cloud,
            Supplier<HttpApi.Health> health,
            DapurConfig config,
            BearerAuth auth,
            AgentMetrics metrics,
            Clock clock,
            AgentHooks hooks) {
        Router r = new HttpApi(
                        kitchen.intake,
                        kitchen.desk,
                        kitchen.store,
                        kitchen.router,
                        metrics,
                        health,
                        config.http(),
                        auth)
                .router(vertx, hooks.apiGate());
        new PrintApi(printing.spooler).mount(r);
        new AlertsApi(alerts.alerts).mount(r);
        new FoodSafetyApi(vertx, food.foodSafety, food.report, clock).mount(r);
        new ScalesApi(scales.scales).mount(r);
        new GpioApi(alerts.signals).mount(r);
        new CloudApi(cloud::link).mount(r);
        new AuditApi(vertx, floor.db).mount(r);
        new FloorApi(floor.receipts, floor.menu, floor.load::current, floor.recipes, clock).mount(r);
        kitchen.screens.mount(r);
        floor.board.mount(r);
        new StaffApi(records.staff).mount(r);
        new WasteApi(
                        vertx,
                        records.waste,
                        new WasteReport(
                                records.db,
                                config.outlet().name(),
                                config.printing().currency(),
                                records.zone,
                                clock),
                        records.zone,
                        clock)
                .mount(r);
        new AnalyticsApi(vertx, records.db, records.zone, clock).mount(r);
        new DashboardApi(
                        vertx,
                        records.db,
                        () -> alerts.alerts
                                .open()
                                .map(open -> Map.<String, Object>of(
                                        "foodSafetyAlerts",
                                        open.stream()
                                                .filter(a -> FoodSafety.KINDS.contains(a.kind()))
                                                .toList(),
                                        "openAlerts",
                                        open.size())),
                        records.zone,
                        clock)
                .mount(r);
        new DashboardPage().mount(r);
        hooks.mount().accept(r);
        return r;
    }

    /**
     * Every route served, as {@code METHOD /path} with parameters written as OpenAPI writes them
     * ({@code /api/v1/orders/{orderId}}, a static folder as {@code /kds-assets/{asset}}); routes that
     * only guard others (the bearer check, the body reader on {@code /api/v1/*}) are left out.
     */
    List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : router.getRoutes()) {
            String path = r.isRegexPath() ? r.getName() : r.getPath();
            if (path == null || r.methods() == null || r.methods().isEmpty()) {
                continue;
            }
            path = path.replaceAll(":([A-Za-z]+)", "{$1}").replaceAll("\\(\\?<([A-Za-z]+)>[^)]*\\)", "{$1}");
            if (path.endsWith("/*")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.length() > 1 && path.endsWith("/")) { // a folder of static files
                path = path + "{asset}";
            }
            for (HttpMethod m : r.methods()) {
                out.add(m.name() + " " + path);
            }
        }
        return out;
    }

    @Override
    public Future<Void> start() {
        return HttpListeners.start(vertx, config.http(), router, tls, metrics).map(l -> {
            listeners = l;
            return null;
        });
    }

    int plainPort() {
        return listeners == null ? -1 : listeners.plainPort();
    }

    int tlsPort() {
        return listeners == null ? -1 : listeners.tlsPort();
    }

    int port() {
        return listeners.port();
    }

    @Override
    public Future<Void> stop() {
        return listeners == null ? Future.succeededFuture() : listeners.close();
    }
}
