package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.ConnectionGate;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.LogSafe;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.MqttConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
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
 * The embedded broker's listeners and the rules they hold before a packet reaches the
 * {@link Broker}: a login deadline, connection limits per address and in total, per-address
 * lock-out after failed logins, client ids bound to accounts, Wills and retained messages checked
 * against the ACL, a message rate per client, and a client that keeps sending garbage disconnected
 * and refused for a while. LAN clients come in on the plain and TLS listeners (the agent itself is
 * a session inside the process and never passes here). Runs on the broker's context; it is closed
 * after the agent has said OFFLINE, and lets each client drain first so it hears it.
 */
final class FrontDoor {
    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);
    static final int MAX_STRIKES = 20;
    static final Duration STRIKE_WINDOW = Duration.ofSeconds(10);
    static final Duration PENALTY = Duration.ofSeconds(60);
    static final int MAX_CONNECT_BYTES = 16 * 1024;
    static final Duration DRAIN_QUIET = Duration.ofMillis(250);
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
    /** The LAN listeners: how they check a CONNECT, and how many connections they take. */
    record Listener(String name, ConnectCheck check, ConnectionGate gate) {}

    private final Vertx vertx;
    private final Broker broker;
    private final MqttConfig.EmbeddedBroker listen;
    private final MqttAcl acl;
    private final Topics topics;
    private final KeyCertOptions tls;
    private final int maxPacketBytes;
    private final LoginLimiter limiter;
    private final AgentMetrics metrics;
    private final Listener lan;
    private final Map<String, Long> penalties = new ConcurrentHashMap<>();
    private final List<NetServer> servers = new ArrayList<>();
    private final Map<ClientConnection, Boolean> connections = new HashMap<>();
    private final io.micrometer.core.instrument.Counter heldBack;
    private volatile int plainPort = -1;
    private volatile int tlsPort = -1;

    FrontDoor(
            Vertx vertx,
            Broker broker,
            MqttConfig.EmbeddedBroker listen,
            MqttAcl acl,
            Topics topics,
            KeyCertOptions tls,
            int maxPacketBytes,
            ConnectCheck lanCheck,
            LoginLimiter limiter,
            AgentMetrics metrics) {
        this.vertx = vertx;
        this.broker = broker;
        this.listen = listen;
        this.acl = acl;
        this.topics = topics;
        this.tls = tls;
        this.maxPacketBytes = maxPacketBytes;
        this.limiter = limiter;
        this.metrics = metrics;
        this.lan = new Listener("mqtt", lanCheck, new ConnectionGate(listen.limits()));
        metrics.gauge(
                "dapur.mqtt.front.connections",
                "MQTT connections open at the front door",
                () -> lan.gate().open());
        this.heldBack = metrics.counter("dapur.mqtt.front.held.back");
    }

    /** Opens the LAN listeners the configuration asks for. */
    Future<Void> start() {
        Future<Integer> plain =
                listen.plain() ? listen(lan, listen.host(), listen.port(), false) : Future.succeededFuture(-1);
        return plain.compose(p -> {
                    plainPort = p;
                    return listen.tlsPort() == null
                            ? Future.succeededFuture(-1)
                            : listen(lan, listen.host(), listen.tlsPort(), true);
                })
                .<Void>map(p -> {
                    tlsPort = p;
                    return null;
                })
                .onSuccess(v -> LOG.info(
                        "embedded MQTT broker listening [host: {}, port: {}, tlsPort: {}]",
                        listen.host(),
                        plainPort < 0 ? "off" : plainPort,
                        tlsPort < 0 ? "off" : tlsPort));
    }

    private Future<Integer> listen(Listener l, String host, int port, boolean secure) {
        NetServerOptions o = new NetServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout((int) listen.limits().idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        if (secure) {
            o.setSsl(true)
                    .setKeyCertOptions(tls)
                    .setSslHandshakeTimeout(listen.limits().loginTimeout().toMillis())
                    .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        NetServer server = vertx.createNetServer(o).connectHandler(s -> accept(s, l));
        servers.add(server);
        return server.listen().map(NetServer::actualPort);
    }

    private void accept(NetSocket socket, Listener l) {
        String address = socket.remoteAddress() == null
                ? "unknown"
                : socket.remoteAddress().hostAddress();
        ConnectionGate.Place place = l.gate().tryOpen(address, () -> {
            count("evicted_before_login");
            socket.close();
        });
        if (place == null) {
            count("connection_limit");
            LOG.debug(
                    "MQTT connection refused: limit reached [address: {}, open: {}]",
                    LogSafe.of(address),
                    l.gate().open());
            socket.close();
            return;
        }
        ClientConnection c = new ClientConnection(this, l, socket, address, place);
        connections.put(c, Boolean.TRUE);
        c.start();
    }

    void closed(ClientConnection c, ConnectionGate.Place place) {
        connections.remove(c);
        c.listener().gate().closed(place);
    }

    /** The connection logged in: it keeps its place when the listener fills up. */
    void loggedIn(ConnectionGate.Place place) {
        lan.gate().spoke(place);
    }

    /**
     * Why a message on an intake topic can only be garbage (not a JSON object, not UTF-8, too large),
     * or null. Semantics (a missing field, a bad status) are the agent's to judge; this only catches
     * what no retry or fix on the agent's side could make valid.
     */
    String garbage(String topic, byte[] payload) {
        if (!topic.equals(topics.ordersIn())
                && !topic.equals(topics.ordersVoid())
                && topics.stationOfActions(topic) == null) {
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

    /** A client that published was held back until the agent caught up with what it had been sent (Backlog). */
    void heldBack() {
        heldBack.increment();
    }

    Vertx vertx() {
        return vertx;
    }

    Broker broker() {
        return broker;
    }

    LoginLimiter limiter() {
        return limiter;
    }

    MqttAcl acl() {
        return acl;
    }

    int maxPacketBytes() {
        return maxPacketBytes;
    }

    long loginTimeoutMs() {
        return listen.limits().loginTimeout().toMillis();
    }

    int messagesPerSecond() {
        return listen.messagesPerSecond();
    }

    int burst() {
        return listen.burst();
    }

    int plainPort() {
        return plainPort;
    }

    int tlsPort() {
        return tlsPort;
    }

    /**
     * Stops accepting, then lets every LAN connection drain before closing it: each client gets until
     * it has acknowledged what the broker routed to it (the agent's OFFLINE among it) and has been
     * sent nothing for {@link #DRAIN_QUIET}, or {@link #DRAIN_LIMIT} at most.
     */
    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        List<Future<Void>> drained = new ArrayList<>();
        new ArrayList<>(connections.keySet()).forEach(c -> drained.add(c.drain(DRAIN_QUIET, DRAIN_LIMIT)));
        return Future.join(drained).transform(x -> {
            new ArrayList<>(connections.keySet()).forEach(c -> c.close(null));
            return Future.join(closing).mapEmpty();
        });
    }
}
