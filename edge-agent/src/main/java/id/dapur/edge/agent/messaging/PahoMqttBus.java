package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.Secret;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttBus} to an outside broker (the outlet's Mosquitto) on two Paho v3 (MQTT 3.1.1) async
 * clients: one publishes (and carries the will), one subscribes with a persistent session and
 * manual acknowledgements (a message is acknowledged after its commit). Two connections keep a burst
 * of outgoing ticket updates from delaying incoming orders.
 */
final class PahoMqttBus implements MqttBus {
    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttBus.class);
    private static final int MAX_INFLIGHT = 1000;
    /** KiB of received messages not yet handled; past it the subscriber stops reading (TCP backpressure). */
    private static final int UNHANDLED_BUDGET_KIB = 4096;
    /**
     * Messages received and not yet handled. An order held in memory costs about ten times its
     * payload (parsed JSON, its task, its tickets), so bytes alone would let a flood of small orders
     * fill a 64 MiB heap (seen: 58 full GCs in 20 s). Two writer batches' worth keeps the writer's
     * batches full and the heap calm.
     */
    static final int UNHANDLED_MESSAGES = 1024;

    private final Vertx vertx;
    private final Context context;
    private final Options options;
    private final String url;
    private final String username;
    private final Secret password;
    private final MqttAsyncClient pub;
    private final MqttAsyncClient sub;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Semaphore unhandled = new Semaphore(UNHANDLED_BUDGET_KIB);
    private final Semaphore unhandledMessages = new Semaphore(UNHANDLED_MESSAGES);
    private final Promise<Void> firstConnect = Promise.promise();
    private Handler<Message> messageHandler = m -> m.ack().run();
    private Handler<Boolean> connectionHandler = c -> {};
    private volatile boolean pubUp;
    private volatile boolean subUp;
    private boolean lastReported;

    PahoMqttBus(Vertx vertx, String url, String username, Secret password, Options options) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.url = url;
        this.username = username;
        this.password = password;
        try {
            this.pub = new MqttAsyncClient(url, options.clientIdPrefix() + "-pub", new MemoryPersistence());
            this.sub = new MqttAsyncClient(url, options.clientIdPrefix() + "-sub", new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot use MQTT broker " + url + ": " + e.getMessage(), e);
        }
        sub.setManualAcks(true);
        pub.setCallback(new Callback(true));
        sub.setCallback(new Callback(false));
    }

    private MqttConnectOptions connectOptions(boolean publisher) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(username);
        o.setPassword(password.reveal().toCharArray());
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(5_000);
        o.setKeepAliveInterval(options.keepAliveSeconds());
        o.setConnectionTimeout(10);
        o.setMaxInflight(MAX_INFLIGHT);
        o.setSocketFactory(new NoDelaySocketFactory());
        // the subscriber keeps its session so QoS 1 orders queued while it was away are delivered
        o.setCleanSession(publisher);
        if (publisher && options.willTopic() != null) {
            o.setWill(options.willTopic(), options.willPayload(), 1, true);
        }
        return o;
    }

    @Override
    public Future<Void> start() {
        connect(pub, true, 500);
        connect(sub, false, 500);
        return firstConnect.future();
    }

    private void connect(MqttAsyncClient client, boolean publisher, long backoffMs) {
        if (stopping.get()) {
            return;
        }
        try {
            client.connect(connectOptions(publisher), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete in the callback does the rest
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.warn(
                            "MQTT connect failed, retrying [broker: {}, client: {}, in: {} ms, error: {}]",
                            url,
                            client.getClientId(),
                            backoffMs,
                            e.getMessage());
                    vertx.setTimer(backoffMs, t -> connect(client, publisher, Math.min(backoffMs * 2, 5_000)));
                }
            });
        } catch (MqttException e) {
            vertx.setTimer(backoffMs, t -> connect(client, publisher, Math.min(backoffMs * 2, 5_000)));
        }
    }

    /**
     * Paho 1.2.5's automatic reconnect sometimes never starts when the connection is lost from inside
     * connectComplete (seen with Moquette closing a connection that is subscribing): every few seconds
     * while the client is down, ask it to reconnect. A reconnect already under way makes this a no-op.
     */
    private void watchdog(MqttAsyncClient client) {
        vertx.setTimer(3_000, t -> {
            if (stopping.get() || client.isConnected()) {
                return;
            }
            try {
                client.reconnect();
            } catch (MqttException e) {
                LOG.debug(
                        "MQTT reconnect already under way [client: {}, reason: {}]",
                        client.getClientId(),
                        e.getReasonCode());
            }
            watchdog(client);
        });
    }

    private final class Callback implements MqttCallbackExtended {
        private final boolean publisher;

        Callback(boolean publisher) {
            this.publisher = publisher;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (publisher) {
                if (options.onlinePayload() != null) {
                    try {
                        SelfCheck.mqtt(options.willTopic(), options.onlinePayload());
                        pub.publish(options.willTopic(), options.onlinePayload(), 1, true);
                    } catch (MqttException e) {
                        LOG.warn("could not publish ONLINE status [error: {}]", e.getMessage());
                    }
                }
                pubUp = true;
                report();
                return;
            }
            String[] filters = options.subscriptions().toArray(String[]::new);
            int[] qos = new int[filters.length];
            Arrays.fill(qos, 1);
            try {
                sub.subscribe(filters, qos, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] granted = token.getGrantedQos();
                        for (int i = 0; granted != null && i < granted.length; i++) {
                            if (granted[i] == 0x80) {
                                LOG.error("broker refused subscription [topic: {}]", filters[i]);
                            }
                        }
                        subUp = true;
                        report();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        LOG.error("MQTT subscribe failed [error: {}]", e.getMessage());
                    }
                });
            } catch (MqttException e) {
                LOG.error("MQTT subscribe failed [error: {}]", e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn(
                    "MQTT connection lost, reconnecting [client: {}, cause: {}]",
                    publisher ? "pub" : "sub",
                    cause == null ? "?" : cause.getMessage());
            if (publisher) {
                pubUp = false;
            } else {
                subUp = false;
            }
            report();
            watchdog(publisher ? pub : sub);
        }

        /**
         * Runs on Paho's callback thread, never the event loop, so it may block: when the messages
         * received but not yet handled pass the budget (bytes or count), it waits, Paho stops reading the socket, and
         * the broker holds the rest. Memory stays bounded however fast POS terminals publish.
         */
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            int permits = Math.min(UNHANDLED_BUDGET_KIB, Math.max(1, message.getPayload().length / 1024));
            unhandledMessages.acquireUninterruptibly();
            unhandled.acquireUninterruptibly(permits);
            AtomicBoolean acked = new AtomicBoolean();
            Runnable ack = () -> {
                if (!acked.compareAndSet(false, true)) {
                    return;
                }
                unhandled.release(permits);
                unhandledMessages.release();
                if (qos > 0) {
                    try {
                        sub.messageArrivedComplete(id, qos);
                    } catch (MqttException e) {
                        LOG.debug("ack after disconnect; the broker will redeliver [topic: {}]", topic);
                    }
                }
            };
            Message m = new Message(topic, message.getPayload(), ack);
            context.runOnContext(v -> messageHandler.handle(m));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publish futures complete through their action listeners
        }
    }

    private void report() {
        context.runOnContext(v -> {
            boolean now = isConnected();
            if (now && !firstConnect.future().isComplete()) {
                LOG.info("MQTT connected [broker: {}]", url);
                firstConnect.tryComplete();
            }
            if (now != lastReported) {
                lastReported = now;
                connectionHandler.handle(now);
            }
        });
    }

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
        return pubUp && subUp && pub.isConnected() && sub.isConnected();
    }

    @Override
    public Future<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        SelfCheck.mqtt(topic, payload);
        Promise<Void> p = Promise.promise();
        try {
            pub.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    context.runOnContext(v -> p.tryComplete());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    context.runOnContext(v -> p.tryFail(e));
                }
            });
        } catch (MqttException e) {
            p.tryFail(e);
        }
        return p.future();
    }

    @Override
    public Future<Void> stop(String topic, byte[] lastWords) {
        stopping.set(true);
        return vertx.executeBlocking(() -> {
            try {
                if (lastWords != null && pub.isConnected()) {
                    SelfCheck.mqtt(topic, lastWords);
                    pub.publish(topic, lastWords, 1, true).waitForCompletion(2_000);
                    LOG.info("last words published [topic: {}]", topic);
                } else if (lastWords != null) {
                    LOG.warn(
                            "not connected to the broker at stop: last words not published, the broker's Will says it "
                                    + "[topic: {}]",
                            topic);
                }
            } catch (MqttException e) {
                LOG.warn("could not publish OFFLINE status [error: {}]", e.getMessage());
            }
            for (MqttAsyncClient c : new MqttAsyncClient[] {sub, pub}) {
                try {
                    if (c.isConnected()) {
                        c.disconnect(2_000).waitForCompletion(3_000);
                    }
                    c.close(true);
                } catch (MqttException e) {
                    LOG.debug("MQTT close [client: {}, error: {}]", c.getClientId(), e.getMessage());
                }
            }
            return null;
        });
    }
}
