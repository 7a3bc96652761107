package id.dapur.edge.agent.web;

import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/** The HTTP API, the kitchen screens' pages and sockets, /health and /metrics, on the plain and TLS ports. */
public final class HttpService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Router router;
    private final KeyCertOptions tls;
    private final AgentMetrics metrics;
    private HttpListeners listeners;

    public HttpService(Vertx vertx, DapurConfig config, Router router, KeyCertOptions tls, AgentMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.router = router;
        this.tls = tls;
        this.metrics = metrics;
    }

    /**
     * Every route served, as {@code METHOD /path} with parameters written as OpenAPI writes them
     * ({@code /api/v1/orders/{orderId}}, a static folder as {@code /kds-assets/{asset}}); routes that
     * only guard others (the bearer check, the body reader on {@code /api/v1/*}) are left out.
     */
    public List<String> routes() {
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

    public int plainPort() {
        return listeners == null ? -1 : listeners.plainPort();
    }

    public int tlsPort() {
        return listeners == null ? -1 : listeners.tlsPort();
    }

    public int port() {
        return listeners.port();
    }

    @Override
    public Future<Void> stop() {
        return listeners == null ? Future.succeededFuture() : listeners.close();
    }
}
