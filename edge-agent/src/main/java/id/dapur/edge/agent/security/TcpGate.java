package id.dapur.edge.agent.security;

import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.LogSafe;
import id.dapur.edge.config.ListenerLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's door on the LAN for a server that cannot count its own connections: Vert.x's HTTP
 * server learns of a connection only at its first request, so idle sockets would cost heap without
 * limit. The gate accepts on the public port, refuses connections over the limits (in total and per
 * address) at once, closes idle ones, and forwards the rest byte for byte to the real server on
 * loopback, opening with a PROXY protocol v1 line so that server still sees the client's address
 * (for login limits and logs). TLS passes through untouched; the server behind terminates it.
 * A client must say something (request line, TLS hello) within the login timeout; until it has, it
 * is the first to be evicted when the listener is full ({@link ConnectionGate}).
 */
public final class TcpGate {
    private static final Logger LOG = LoggerFactory.getLogger(TcpGate.class);
    private final Vertx vertx;
    private final String name;
    private final ConnectionGate gate;
    private final AgentMetrics metrics;
    private NetServer server;
    private NetClient client;

    public TcpGate(Vertx vertx, String name, ListenerLimits limits, AgentMetrics metrics) {
        this.vertx = vertx;
        this.name = name;
        this.gate = new ConnectionGate(limits);
        this.metrics = metrics;
        metrics.gauge("dapur." + name + ".connections", "connections open at the " + name + " listener", gate::open);
    }

    /** Listens on {@code host:port} and forwards to {@code 127.0.0.1:targetPort}; completes with the bound port. */
    public Future<Integer> listen(String host, int port, int targetPort) {
        client =
                vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
        server = vertx.createNetServer(new NetServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout((int) gate.limits().idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        server.connectHandler(s -> accept(s, targetPort));
        return server.listen().map(NetServer::actualPort);
    }

    private void accept(NetSocket in, int targetPort) {
        String address =
                in.remoteAddress() == null ? "unknown" : in.remoteAddress().hostAddress();
        ConnectionGate.Place place = gate.tryOpen(address, () -> {
            metrics.counter("dapur." + name + ".connections.refused", "reason", "evicted_silent")
                    .increment();
            in.close();
        });
        if (place == null) {
            metrics.counter("dapur." + name + ".connections.refused", "reason", "limit")
                    .increment();
            LOG.debug(
                    "{} connection refused: limit reached [address: {}, open: {}]",
                    name,
                    LogSafe.of(address),
                    gate.open());
            in.close();
            return;
        }
        // a client that says nothing within the login timeout (request line, TLS hello) is closed
        long deadline = vertx.setTimer(gate.limits().loginTimeout().toMillis(), t -> {
            metrics.counter("dapur." + name + ".connections.refused", "reason", "login_timeout")
                    .increment();
            in.close();
        });
        NetSocket[] backend = new NetSocket[1];
        in.closeHandler(v -> {
            vertx.cancelTimer(deadline);
            gate.closed(place);
            if (backend[0] != null) {
                backend[0].close();
            }
        });
        in.exceptionHandler(e -> in.close());
        // the server behind is reached only once the client speaks: a silent socket costs one channel, not three
        in.handler(first -> {
            vertx.cancelTimer(deadline);
            gate.spoke(place);
            in.pause();
            in.handler(null);
            client.connect(targetPort, "127.0.0.1").onComplete(ar -> {
                if (ar.failed()) {
                    in.close();
                    return;
                }
                NetSocket out = ar.result();
                backend[0] = out;
                String family = address.contains(":") ? "TCP6" : "TCP4";
                out.write(Buffer.buffer("PROXY " + family + " " + address + " "
                        + in.localAddress().hostAddress() + " "
                        + in.remoteAddress().port() + " " + in.localAddress().port() + "\r\n"));
                out.write(first);
                in.handler(b -> forward(b, in, out));
                out.handler(b -> forward(b, out, in));
                out.closeHandler(x -> in.close());
                out.exceptionHandler(e -> out.close());
                in.resume();
            });
        });
    }

    /** Writes to {@code to}, pausing {@code from} while {@code to}'s write queue is full. */
    private static void forward(Buffer b, NetSocket from, NetSocket to) {
        to.write(b);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    public Future<Void> close() {
        Future<Void> a = server == null ? Future.succeededFuture() : server.close();
        Future<Void> b = client == null ? Future.succeededFuture() : client.close();
        return Future.join(a, b).mapEmpty();
    }
}
