package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MqttConfig.MqttAccount;
import id.dapur.edge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MQTT 3.1.1 broker in the agent's process, the zero-setup default: the accounts of
 * {@code mqtt.accounts} and their role ACLs, no anonymous access, sessions in memory (durability
 * rests on the agent's own storage and on the POS resending until it sees ACCEPTED). LAN clients
 * connect to its plain and TLS listeners; the agent is a session of it inside the process
 * ({@link #bus}), with an account of its own that no network client can use. All of it runs on the
 * context that starts it.
 */
public final class EmbeddedBroker {
    /** A session's in-flight window and queue; tests lower them to reach the broker's limits with fewer messages. */
    static volatile Broker.Limits limits = Broker.Limits.DEFAULT;

    public static final String AGENT_USER = "dapur-agent";
    /** Larger than the 256 KiB payload limit, so an oversized order reaches the agent and is dead-lettered. */
    public static final int MAX_MESSAGE_BYTES = 512 * 1024;

    private final Context context;
    private final Broker broker;
    private final FrontDoor door;
    private final MqttAcl acl;

    private EmbeddedBroker(Context context, Broker broker, FrontDoor door, MqttAcl acl) {
        this.context = context;
        this.broker = broker;
        this.door = door;
        this.acl = acl;
    }

    /** Starts the broker and its listeners on the current context (an event-loop context). */
    public static Future<EmbeddedBroker> start(
            Vertx vertx, DapurConfig config, KeyCertOptions tls, LoginLimiter limiter, AgentMetrics metrics) {
        Context context = vertx.getOrCreateContext();
        Map<String, Secret> passwords = new LinkedHashMap<>();
        for (MqttAccount a : config.mqttAccounts()) {
            passwords.put(a.username(), a.password());
        }
        MqttAcl acl = new MqttAcl(config, AGENT_USER);
        Clock clock = Clock.systemUTC();
        Broker broker = new Broker(context, limits, acl::canRead, clock);
        ConnectCheck lan = new ConnectCheck(passwords, acl, FrontDoor.MAX_CONNECT_BYTES, clock);
        FrontDoor door = new FrontDoor(
                vertx,
                broker,
                config.mqtt().embedded(),
                acl,
                new Topics(config.outlet().id()),
                tls,
                MAX_MESSAGE_BYTES,
                lan,
                limiter,
                metrics);
        metrics.gauge(
                "dapur.mqtt.broker.sessions",
                "MQTT sessions the embedded broker holds (connected or persistent)",
                broker::sessions);
        metrics.gauge(
                "dapur.mqtt.broker.retained", "retained messages the embedded broker holds", broker::retainedMessages);
        metrics.gauge(
                "dapur.mqtt.broker.dropped",
                "messages the embedded broker dropped because a client's queue was full",
                broker::dropped);
        return door.start().map(v -> new EmbeddedBroker(context, broker, door, acl));
    }

    /**
     * The agent's connection to this broker, in the process: messages are delivered on the context
     * that calls this. {@code options}' URL and credentials are not used.
     */
    public MqttBus bus(Vertx vertx, MqttBus.Options options) {
        return new InProcessBus(vertx, context, broker, acl, options);
    }

    /** The LAN listeners' ports (plain, TLS; -1 when off). */
    public int[] ports() {
        return new int[] {door.plainPort(), door.tlsPort()};
    }

    /** Watches the clients with {@code tap} from now on (any thread). */
    public void tap(BrokerTap tap) {
        context.runOnContext(v -> broker.tap(tap));
    }

    /** Closes a client's connection as a network drop would, its Will published (any thread). */
    public Future<Boolean> drop(String clientId, String why) {
        Promise<Boolean> p = Promise.promise();
        context.runOnContext(v -> p.complete(broker.drop(clientId, why)));
        return p.future();
    }

    /** Lets each LAN client take in what it was sent (the agent's OFFLINE among it), then closes everything. */
    public Future<Void> close() {
        return door.close().onComplete(x -> broker.close());
    }
}
