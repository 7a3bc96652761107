package id.dapur.edge.agent.web;

import id.dapur.edge.agent.screens.KitchenScreens;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The manager's dashboard: {@code /dashboard} is a page with no data in it; its script
 * reads {@code GET /api/v1/dashboard} with the admin token the tablet was paired with (kept in the
 * browser, like a kitchen screen's). Its chart library (uPlot) is served from the jar.
 */
public final class DashboardPage {
    private final String page = KitchenScreens.resource("dashboard-assets/dashboard.html");

    public void mount(Router r) {
        r.get("/dashboard-assets/*")
                .handler(StaticHandler.create("dashboard-assets")
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(300)
                        .setDirectoryListing(false)
                        .setIncludeHidden(false));
        r.get("/dashboard")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                        .end(page));
    }
}
