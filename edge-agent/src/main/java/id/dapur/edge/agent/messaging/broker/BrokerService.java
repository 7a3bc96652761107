package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.BrokerLogin;
import id.dapur.edge.agent.messaging.ClientIds;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.util.function.Consumer;

/**
 * Where the agent's MQTT connection goes: the embedded broker (the agent a session inside the
 * process, clients on the LAN listeners), or the outlet's own broker (Mosquitto, over the network
 * with the configured account). Says how the agent's connection is made.
 */
public final class BrokerService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Topics topics;
    private final KeyCertOptions tls;
    private final LoginLimiter limiter;
    private final AgentMetrics metrics;
    private final BrokerTap tap;
    private final Consumer<EmbeddedBroker> started;
    private EmbeddedBroker broker;
    private BrokerLogin login;

    /**
     * @param tap     what sees every message through the embedded broker (the sandbox's checks), or {@link BrokerTap#NONE}
     * @param started told of the embedded broker once it listens (tests and the sandbox inject faults through it)
     */
    public BrokerService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            KeyCertOptions tls,
            LoginLimiter limiter,
            AgentMetrics metrics,
            BrokerTap tap,
            Consumer<EmbeddedBroker> started) {
        this.tap = tap;
        this.started = started;
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
            String url = config.mqtt().url().toString();
            return vertx.executeBlocking(() -> ClientIds.agentPrefix(config)).map(prefix -> {
                login = new BrokerLogin(
                        prefix,
                        (vx, o) -> MqttBus.network(
                                vx, url, config.mqtt().username(), config.mqtt().password(), o));
                return null;
            });
        }
        return EmbeddedBroker.start(vertx, config, tls, limiter, metrics).map(b -> {
            broker = b;
            if (tap != BrokerTap.NONE) {
                b.tap(tap);
            }
            started.accept(b);
            login = new BrokerLogin("dapur-" + config.outlet().id(), b::bus);
            return null;
        });
    }

    public BrokerLogin login() {
        return login;
    }

    /** The front door's ports (plain, TLS; -1 when off). */
    public int[] ports() {
        return broker == null ? new int[] {-1, -1} : broker.ports();
    }

    @Override
    public Future<Void> stop() {
        return broker == null ? Future.succeededFuture() : broker.close();
    }
}
