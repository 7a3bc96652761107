package id.dapur.edge.agent.web;

import id.dapur.edge.agent.security.TcpGate;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's HTTP listeners: plain on {@code http.port} (unless {@code http.plain: false}) and
 * HTTPS/WSS on {@code http.tlsPort}, both bounded: connections in total and per address, counted at
 * accept by a {@link TcpGate} in front of each (Vert.x's HTTP server sees a connection only at its
 * first request), an idle timeout, a TLS handshake deadline, and size limits on request lines,
 * headers and WebSocket frames. The servers themselves listen on loopback.
 */
public final class HttpListeners {
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<TcpGate> gates = new ArrayList<>();
    private int plainPort = -1;
    private int tlsPort = -1;

    private HttpListeners() {}

    /** Starts listening; {@code tls} may be null when no {@code tlsPort} is configured. */
    public static Future<HttpListeners> start(
            Vertx vertx, HttpConfig config, Router router, KeyCertOptions tls, AgentMetrics metrics) {
        HttpListeners l = new HttpListeners();
        Future<Void> plain = !config.plain()
                ? Future.succeededFuture()
                : l.listen(vertx, config, router, config.port(), null, metrics).map(p -> {
                    l.plainPort = p;
                    return null;
                });
        return plain.compose(v -> config.tlsPort() == null
                        ? Future.succeededFuture()
                        : l.listen(vertx, config, router, config.tlsPort(), tls, metrics)
                                .map(p -> {
                                    l.tlsPort = p;
                                    return null;
                                }))
                .recover(e -> l.close().transform(x -> Future.failedFuture(e)))
                .map(v -> l);
    }

    private Future<Integer> listen(
            Vertx vertx, HttpConfig c, Router router, int port, KeyCertOptions tls, AgentMetrics metrics) {
        HttpServerOptions o = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setUseProxyProtocol(true)
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384)
                .setMaxWebSocketFrameSize(65536)
                .setMaxWebSocketMessageSize(65536)
                .setIdleTimeout((int) c.limits().idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        if (tls != null) {
            o.setSsl(true)
                    .setKeyCertOptions(tls)
                    .setSslHandshakeTimeout(c.limits().loginTimeout().toMillis())
                    .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        HttpServer server = vertx.createHttpServer(o).requestHandler(router);
        servers.add(server);
        TcpGate gate = new TcpGate(vertx, tls == null ? "http" : "https", c.limits(), metrics);
        gates.add(gate);
        return server.listen().compose(s -> gate.listen(c.host(), port, s.actualPort()));
    }

    /** The plain port, or the TLS one when plain HTTP is off. */
    public int port() {
        return plainPort >= 0 ? plainPort : tlsPort;
    }

    public int plainPort() {
        return plainPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        gates.forEach(g -> closing.add(g.close()));
        servers.forEach(s -> closing.add(s.close()));
        return Future.join(closing).mapEmpty();
    }
}
