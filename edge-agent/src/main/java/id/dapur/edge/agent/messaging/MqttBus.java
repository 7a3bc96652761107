package id.dapur.edge.agent.messaging;

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
     * Where and how to connect. {@code will*} is published by the broker if the agent vanishes.
     * {@code ackAfterHandling}: acknowledge an incoming message only when {@link Message#ack()} is
     * called (after the commit), so an external broker with a persistent session redelivers what the
     * agent took but never stored; false acknowledges on arrival (the embedded broker shares the
     * agent's fate, so waiting would buy nothing and would cap a group commit at Moquette's fixed
     * in-flight window of 10).
     */
    record Options(
            String url,
            String username,
            String password,
            String clientIdPrefix,
            List<String> subscriptions,
            int keepAliveSeconds,
            String willTopic,
            byte[] willPayload,
            byte[] onlinePayload,
            boolean ackAfterHandling) {}

    static MqttBus create(Vertx vertx, Options options) {
        return new PahoMqttBus(vertx, options);
    }

    /** Starts connecting (retrying until it succeeds); the future completes at the first full connection. */
    Future<Void> start();

    void onMessage(Handler<Message> handler);

    void onConnectionChange(Handler<Boolean> handler);

    boolean isConnected();

    /** Completes when the broker has acknowledged the message (QoS 1) or it was sent (QoS 0). */
    Future<Void> publish(String topic, byte[] payload, int qos, boolean retained);

    /** Publishes {@code lastWords} (retained) if connected, then disconnects cleanly. */
    Future<Void> stop(String topic, byte[] lastWords);
}
