package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.support.LogSafe;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own connection to the embedded broker, inside the process: a session of the broker like
 * any client's (its subscriptions, its window of unacknowledged messages, the agent's account and its
 * ACL), with no socket, no MQTT encoding and no client library between them.
 * <ul>
 * <li>A message routed to the agent is handed over as it is, on the agent's context, and holds its
 * place in the session's in-flight window until the agent acknowledges it (after its commit). A
 * flood therefore waits in the broker's bounded queue, not in the agent's heap.
 * <li>What the agent publishes is checked against the ACL as a client's PUBLISH is, then routed at
 * once: the future completes when every subscriber's session has it, as a broker's PUBACK means.
 * <li>The session is persistent: if the broker ever closes it (a takeover, a test's fault), the bus
 * attaches again at once and what was in flight is handed over again (the agent's intake is idempotent).
 * </ul>
 * No Will: the broker dies with the agent, and the LAN clients see their connections go.
 */
final class InProcessBus implements MqttBus, Broker.Link {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBus.class);

    private final Context agent;
    private final Context brokerContext;
    private final Broker broker;
    private final MqttAcl acl;
    private final Options options;
    private final String clientId;
    private final Promise<Void> firstConnect = Promise.promise();
    private Handler<Message> messageHandler = m -> m.ack().run();
    private Handler<Boolean> connectionHandler = c -> {};
    /** The session's handle, on the broker's context; null while detached. */
    private BrokerClient client;

    private volatile boolean connected;
    private volatile boolean stopped;

    InProcessBus(Vertx vertx, Context brokerContext, Broker broker, MqttAcl acl, Options options) {
        this.agent = vertx.getOrCreateContext();
        this.brokerContext = brokerContext;
        this.broker = broker;
        this.acl = acl;
        this.options = options;
        this.clientId = options.clientIdPrefix() + "-agent";
    }

    @Override
    public Future<Void> start() {
        onBroker(this::attach);
        return firstConnect.future();
    }

    /** On the broker's context: binds the session, subscribes, says ONLINE. */
    private void attach() {
        if (stopped) {
            return;
        }
        client = broker.connect(this, clientId, EmbeddedBroker.AGENT_USER, false, null)
                .client();
        List<MqttPackets.Filter> filters = new ArrayList<>();
        for (String f : options.subscriptions()) {
            filters.add(new MqttPackets.Filter(f, 1));
        }
        if (!filters.isEmpty()) {
            int[] codes = client.subscribe(new MqttPackets.Subscribe(1, filters));
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == 0x80) {
                    LOG.error(
                            "broker refused subscription [topic: {}]",
                            filters.get(i).filter());
                }
            }
        }
        if (options.onlinePayload() != null) {
            route(options.willTopic(), options.onlinePayload(), 1, true);
        }
        connected = true;
        agent.runOnContext(v -> {
            if (!firstConnect.future().isComplete()) {
                LOG.info("MQTT connected [broker: embedded, in-process]");
                firstConnect.tryComplete();
            }
            connectionHandler.handle(true);
        });
    }

    // ---- Broker.Link (the broker's context)

    @Override
    public void send(Buffer packet) {
        // CONNACK, SUBACK and the acknowledgements of the agent's own publications: nothing to read in-process
    }

    @Override
    public void publish(
            id.dapur.edge.agent.messaging.broker.Message m, int qos, boolean dup, boolean retain, int packetId) {
        AtomicBoolean acked = new AtomicBoolean();
        Runnable ack = () -> {
            if (qos > 0 && acked.compareAndSet(false, true)) {
                onBroker(() -> {
                    // the session's handle now: after a re-attach the message is in flight under the same id
                    BrokerClient to = client;
                    if (to == null) {
                        return; // detached: handed over again when it attaches
                    }
                    if (qos == 1) {
                        to.puback(packetId);
                    } else {
                        to.pubrec(packetId);
                        to.pubcomp(packetId);
                    }
                });
            }
        };
        Message delivered = new Message(m.topic(), m.payload(), ack);
        agent.runOnContext(v -> messageHandler.handle(delivered));
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean holdsBackPublishers() {
        return true; // the agent acknowledges after its commit: a flood waits at the door instead of being dropped
    }

    @Override
    public void close(String why) {
        BrokerClient c = client;
        client = null;
        connected = false;
        if (c != null) {
            c.disconnected(false); // a no-op after a takeover, which has detached it already
        }
        if (stopped) {
            return;
        }
        LOG.warn("the broker closed the agent's in-process session; attaching again [reason: {}]", LogSafe.of(why));
        agent.runOnContext(v -> connectionHandler.handle(false));
        brokerContext.runOnContext(v -> attach());
    }

    // ---- MqttBus (any context)

    @Override
    public void onMessage(Handler<Message> handler) {
        this.messageHandler = handler;
    }

    @Override
    public void onConnectionChange(Handler<Boolean> handler) {
        this.connectionHandler = handler;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public Future<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        SelfCheck.mqtt(topic, payload);
        if (!acl.canWrite(EmbeddedBroker.AGENT_USER, topic)
                || retained && !acl.canRetain(EmbeddedBroker.AGENT_USER, topic)) {
            // a topic the agent makes itself and its own ACL refuses is a defect, not a condition to retry
            LOG.error("the agent's account may not publish this [topic: {}, retain: {}]", LogSafe.of(topic), retained);
            return Future.failedFuture(new IllegalStateException(
                    "the agent's account may not publish on " + topic + (retained ? " (retained)" : "")));
        }
        if (Vertx.currentContext() == brokerContext) {
            return route(topic, payload, qos, retained)
                    ? Future.succeededFuture()
                    : Future.failedFuture(new IllegalStateException("not connected to the embedded broker"));
        }
        Promise<Void> p = Promise.promise();
        brokerContext.runOnContext(v -> {
            boolean routed = route(topic, payload, qos, retained);
            agent.runOnContext(x -> {
                if (routed) {
                    p.complete();
                } else {
                    p.fail(new IllegalStateException("not connected to the embedded broker"));
                }
            });
        });
        return p.future();
    }

    /** On the broker's context: routes a message of the agent's; false while detached or taken over. */
    private boolean route(String topic, byte[] payload, int qos, boolean retained) {
        BrokerClient c = client;
        if (c == null) {
            return false;
        }
        return c.publishInProcess(id.dapur.edge.agent.messaging.broker.Message.of(topic, payload, qos, retained));
    }

    @Override
    public Future<Void> stop(String topic, byte[] lastWords) {
        Promise<Void> p = Promise.promise();
        onBroker(() -> {
            if (lastWords != null) {
                SelfCheck.mqtt(topic, lastWords);
                if (route(topic, lastWords, 1, true)) {
                    LOG.info("last words published [topic: {}]", topic);
                } else {
                    // detached from the broker (it closed the session and the agent had not attached again):
                    // screens keep the retained status they last had until the broker itself goes
                    LOG.warn(
                            "last words not published: the agent had no live session on the broker [topic: {}]", topic);
                }
            }
            stopped = true;
            connected = false;
            BrokerClient c = client;
            client = null;
            if (c != null) {
                c.disconnected(true);
            }
            agent.runOnContext(v -> p.complete());
        });
        return p.future();
    }

    private void onBroker(Runnable r) {
        if (Vertx.currentContext() == brokerContext) {
            r.run();
        } else {
            brokerContext.runOnContext(v -> r.run());
        }
    }
}
