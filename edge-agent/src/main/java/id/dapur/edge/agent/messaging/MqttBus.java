package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The agent's connection to the broker. Messages and connection changes are delivered on the Vert.x
 * context that created the bus; an incoming QoS 1 message is acknowledged to the broker only when its
 * handler calls {@link Message#ack()} (after the order is on disk), so the broker redelivers what the
 * agent never stored. Reconnects by itself and subscribes again after every reconnect.
 */
public interface MqttBus {

    /**
     * An incoming message; call {@link #ack()} exactly once when it has been dealt with.
     * {@code receivedNanos}: when the client library handed it over ({@link System#nanoTime()}).
     */
    record Message(String topic, byte[] payload, Runnable ack, long receivedNanos) {
        public Message(String topic, byte[] payload, Runnable ack) {
            this(topic, payload, ack, System.nanoTime());
        }
    }

    /**
     * What the agent's connection is: its client id prefix, what it subscribes to (QoS 1), its
     * keep-alive, and its status topic with the payloads said there: {@code willPayload} is
     * published by the broker if the agent vanishes, {@code onlinePayload} (retained) at each connection.
     */
    record Options(
            String clientIdPrefix,
            List<String> subscriptions,
            int keepAliveSeconds,
            String willTopic,
            byte[] willPayload,
            byte[] onlinePayload) {}

    /** Makes the agent's bus: over the network to the outlet's broker, or inside the process to the embedded one. */
    @FunctionalInterface
    interface Connector {
        MqttBus connect(Vertx vertx, Options options);
    }

    /**
     * A bus over the network (Paho, MQTT 3.1.1) to the broker at {@code url} with an account: an
     * incoming QoS 1 message is acknowledged to the broker only when its handler calls
     * {@link Message#ack()}, so a persistent session redelivers what the agent took but never stored.
     */
    static MqttBus network(Vertx vertx, String url, String username, Secret password, Options options) {
        return new PahoMqttBus(vertx, url, username, password, options);
    }

    /** Starts connecting (retrying until it succeeds); the future completes at the first full connection. */
    Future<Void> start();

    void onMessage(Handler<Message> handler);

    void onConnectionChange(Handler<Boolean> handler);

    boolean isConnected();

    /**
     * Completes when the broker has acknowledged the message (QoS 1) or it was sent (QoS 0); it may
     * be complete when this returns (the in-process bus routes at once), so a caller must not answer
     * each completion with another publish on the stack.
     */
    Future<Void> publish(String topic, byte[] payload, int qos, boolean retained);

    /** Publishes {@code lastWords} (retained) if connected, then disconnects cleanly. */
    Future<Void> stop(String topic, byte[] lastWords);
}
