package id.dapur.edge.agent;

import id.dapur.edge.agent.messaging.ClientIds;
import id.dapur.edge.agent.messaging.EmbeddedBroker;
import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.messaging.front.MqttFrontDoor;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the agent's MQTT connection goes: the embedded broker (loopback only) with its front door
 * for the LAN, or the outlet's own broker (Mosquitto). Says how the agent logs in to it.
 */
final class BrokerService implements Service {
    /** How the agent connects: URL, account, client id, and whether it must ack only after handling. */
    record Login(String url, String username, Secret password, String clientId, boolean external) {
    }

    private final Vertx vertx;
    private final DapurConfig config;
    private final Topics topics;
    private final KeyCertOptions tls;
    private final LoginLimiter limiter;
    private final AgentMetrics metrics;
    private EmbeddedBroker broker;
    private MqttFrontDoor frontDoor;
    private Login login;

    BrokerService(Vertx vertx, DapurConfig config, Topics topics, KeyCertOptions tls, LoginLimiter limiter, AgentMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.topics = topics;
        this.tls = tls;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    public Future<Void> start() {
        if (!config.mqtt().isEmbedded()) {
            return vertx.executeBlocking(() -> ClientIds.agentPrefix(config)).map(prefix -> {
                login = new Login(config.mqtt().url().toString(), config.mqtt().username(), config.mqtt().password(), prefix, true);
                return null;
            });
        }
        return vertx.executeBlocking(() -> {
            broker = EmbeddedBroker.start(config);
            return broker.url();
        }).compose(url -> {
            login = new Login(url, EmbeddedBroker.AGENT_USER, broker.agentPassword(), "dapur-" + config.outlet().id(), false);
            // the LAN's way in: the embedded broker listens on loopback only
            Map<String, Secret> passwords = new LinkedHashMap<>();
            config.mqtt().accounts().forEach(a -> passwords.put(a.username(), a.password()));
            frontDoor = new MqttFrontDoor(vertx, new MqttFrontDoor.Options(config.mqtt().embedded(), broker.port(), passwords,
                    new MqttAcl(config, null), topics, tls, EmbeddedBroker.MAX_MESSAGE_BYTES), limiter, metrics);
            return frontDoor.start();
        });
    }

    Login login() {
        return login;
    }

    /** Before the agent's OFFLINE: clients watching its status are kept until they are passed it. */
    void lastWordsComing() {
        if (frontDoor != null) {
            frontDoor.lastWordsComing();
        }
    }

    /** The front door's ports (plain, TLS; -1 when off). */
    int[] ports() {
        return frontDoor == null ? new int[] {-1, -1} : new int[] {frontDoor.plainPort(), frontDoor.tlsPort()};
    }

    @Override
    public Future<Void> stop() {
        Future<Void> doorClosed = frontDoor == null ? Future.succeededFuture() : frontDoor.close();
        return doorClosed.compose(v -> broker == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            broker.close();
            return null;
        }));
    }
}
