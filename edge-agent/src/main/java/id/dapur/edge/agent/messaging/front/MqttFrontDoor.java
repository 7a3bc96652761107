package id.dapur.edge.agent.messaging.front;

import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.ConnectionGate;
import id.dapur.edge.agent.security.LogSafe;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.MqttConfig;
import id.dapur.edge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door to the LAN. The broker (Moquette) listens on loopback only; clients on
 * the LAN reach it through this proxy, which holds every rule Moquette does not: a login deadline,
 * connection limits per address and in total, per-address lock-out after failed logins, client ids
 * bound to accounts, Wills and retained messages checked against the ACL, a message rate per client,
 * and a client that keeps sending garbage disconnected and refused for a while. It also serves MQTT
 * over TLS with the outlet's certificate. Runs on the event loop of the context that starts it; it
 * is closed after the agent has said OFFLINE, and it drains before it closes so clients hear it.
 */
public final class MqttFrontDoor {
    private static final Logger LOG = LoggerFactory.getLogger(MqttFrontDoor.class);
    static final int MAX_STRIKES = 20;
    static final Duration STRIKE_WINDOW = Duration.ofSeconds(10);
    static final Duration PENALTY = Duration.ofSeconds(60);
    static final int MAX_CONNECT_BYTES = 16 * 1024;
    static final Duration DRAIN_QUIET = Duration.ofMillis(250);
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

    /** Where the broker really listens, and what the door enforces. */
    public record Options(MqttConfig.EmbeddedBroker listen, int brokerPort, Map<String, Secret> passwords, MqttAcl acl,
                          Topics topics, KeyCertOptions tls, int maxPacketBytes) {
    }

    private final Options options;
    private final LoginLimiter limiter;
    private final AgentMetrics metrics;
    private final ConnectionGate gate;
    private final ConnectCheck check;
    private final Map<String, Long> penalties = new ConcurrentHashMap<>();
    private final List<NetServer> servers = new ArrayList<>();
    private final Map<FrontConnection, Boolean> connections = new HashMap<>();
    private NetClient brokerClient;
    private boolean lastWords;
    private volatile int plainPort = -1;
    private volatile int tlsPort = -1;

    private final io.vertx.core.Vertx vertx;

    public MqttFrontDoor(io.vertx.core.Vertx vertx, Options options, LoginLimiter limiter, AgentMetrics metrics) {
        this.vertx = vertx;
        this.options = options;
        this.limiter = limiter;
        this.metrics = metrics;
        this.gate = new ConnectionGate(options.listen().limits());
        this.check = new ConnectCheck(options.passwords(), options.acl(), MAX_CONNECT_BYTES, java.time.Clock.systemUTC());
        metrics.gauge("dapur.mqtt.front.connections", "MQTT connections open at the front door", gate::open);
    }

    public Future<Void> start() {
        brokerClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
        MqttConfig.EmbeddedBroker l = options.listen();
        Future<Void> plain = l.plain() ? listen(l.port(), false).map(p -> {
            plainPort = p;
            return null;
        }) : Future.succeededFuture();
        return plain.compose(v -> l.tlsPort() == null ? Future.<Void>succeededFuture() : listen(l.tlsPort(), true).<Void>map(p -> {
            tlsPort = p;
            return null;
        })).onSuccess(v -> LOG.info("MQTT front door listening [host: {}, port: {}, tlsPort: {}, broker: 127.0.0.1:{}]",
                l.host(), plainPort < 0 ? "off" : plainPort, tlsPort < 0 ? "off" : tlsPort, options.brokerPort()));
    }

    private Future<Integer> listen(int port, boolean tls) {
        MqttConfig.EmbeddedBroker l = options.listen();
        NetServerOptions o = new NetServerOptions().setHost(l.host()).setPort(port).setTcpNoDelay(true)
                .setIdleTimeout((int) l.limits().idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        if (tls) {
            o.setSsl(true).setKeyCertOptions(options.tls())
                    .setSslHandshakeTimeout(l.limits().loginTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        String listener = tls ? "mqtts" : "mqtt";
        NetServer server = vertx.createNetServer(o).connectHandler(s -> accept(s, listener));
        servers.add(server);
        return server.listen().map(NetServer::actualPort);
    }

    private void accept(NetSocket socket, String listener) {
        String address = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        ConnectionGate.Place place = gate.tryOpen(address, () -> {
            count("evicted_before_login");
            socket.close();
        });
        if (place == null) {
            count("connection_limit");
            LOG.debug("MQTT connection refused: limit reached [address: {}, open: {}]", LogSafe.of(address), gate.open());
            socket.close();
            return;
        }
        FrontConnection c = new FrontConnection(this, socket, address, listener, place);
        connections.put(c, Boolean.TRUE);
        if (lastWords) {
            c.lastWordsComing();
        }
        c.start();
    }

    void closed(FrontConnection c, ConnectionGate.Place place) {
        connections.remove(c);
        gate.closed(place);
    }

    /** The connection logged in: it keeps its place when the listener fills up. */
    void loggedIn(ConnectionGate.Place place) {
        gate.spoke(place);
    }

    Future<NetSocket> connectBroker() {
        return brokerClient.connect(options.brokerPort(), "127.0.0.1");
    }

    /**
     * Why a message on an intake topic can only be garbage (not a JSON object, not UTF-8, too large),
     * or null. Semantics (a missing field, a bad status) are the agent's to judge; this only catches
     * what no retry or fix on the agent's side could make valid.
     */
    String garbage(String topic, byte[] payload) {
        Topics t = options.topics();
        if (!topic.equals(t.ordersIn()) && !topic.equals(t.ordersVoid()) && t.stationOfActions(topic) == null) {
            return null;
        }
        try {
            Payloads.parseObject(payload);
            return null;
        } catch (Problem.Failure f) {
            return f.problem().code();
        }
    }

    void penalise(String user, String address) {
        penalties.put(user + "@" + address, System.nanoTime() + PENALTY.toNanos());
        count("garbage_disconnect");
        if (penalties.size() > 4096) {
            long now = System.nanoTime();
            penalties.values().removeIf(until -> until < now);
        }
    }

    /** Seconds this account at this address must still wait after being disconnected for garbage, or 0. */
    long penaltyFor(String user, String address) {
        Long until = penalties.get(user + "@" + address);
        long left = until == null ? 0 : until - System.nanoTime();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left));
    }

    void count(String what) {
        metrics.counter("dapur.mqtt.front.refused", "reason", what).increment();
    }

    io.vertx.core.Vertx vertx() {
        return vertx;
    }

    LoginLimiter limiter() {
        return limiter;
    }

    ConnectCheck check() {
        return check;
    }

    MqttAcl acl() {
        return options.acl();
    }

    int maxPacketBytes() {
        return options.maxPacketBytes();
    }

    long loginTimeoutMs() {
        return options.listen().limits().loginTimeout().toMillis();
    }

    int messagesPerSecond() {
        return options.listen().messagesPerSecond();
    }

    int burst() {
        return options.listen().burst();
    }

    String statusTopic() {
        return options.topics().agentStatus();
    }

    /**
     * Call just before the agent publishes its OFFLINE: each client subscribed to the status topic is
     * then kept open at {@link #close()} until the broker has passed that message to it.
     */
    public void lastWordsComing() {
        lastWords = true;
        connections.keySet().forEach(FrontConnection::lastWordsComing);
    }

    boolean lastWords() {
        return lastWords;
    }

    public int plainPort() {
        return plainPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /**
     * Stops accepting, then lets every open connection drain before closing it: the broker
     * acknowledges the agent's OFFLINE once it has routed it, not once it has written it to every
     * subscriber, so closing at once could swallow the last words a screen or POS was about to get.
     * A client subscribed to the agent's status is closed once the broker has passed it the OFFLINE
     * announced by {@link #lastWordsComing()} (a quiet period alone lost it under load in CI); any
     * other once the broker has sent it nothing for {@link #DRAIN_QUIET}; all by {@link #DRAIN_LIMIT}.
     */
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        List<Future<Void>> drained = new ArrayList<>();
        new ArrayList<>(connections.keySet()).forEach(c -> drained.add(c.drain(DRAIN_QUIET, DRAIN_LIMIT)));
        return Future.join(drained).transform(x -> {
            new ArrayList<>(connections.keySet()).forEach(c -> c.close(null));
            if (brokerClient != null) {
                closing.add(brokerClient.close());
            }
            return Future.join(closing).mapEmpty();
        });
    }
}
