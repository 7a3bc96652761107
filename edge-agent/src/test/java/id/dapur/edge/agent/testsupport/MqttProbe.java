package id.dapur.edge.agent.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A POS, screen or sensor in a test: a real Paho client that records what it receives. */
public final class MqttProbe implements AutoCloseable {
    /** A received message. */
    public record Received(String topic, String payload, boolean retained) {
        public JsonNode json() {
            return Json.tree(payload);
        }
    }

    private final MqttClient client;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private MqttProbe(MqttClient client) {
        this.client = client;
    }

    public static MqttProbe connect(String url, String user, String password) throws MqttException {
        return connect(url, user, password, null);
    }

    /** Over TLS ({@code ssl://}) with this socket factory (e.g. one that trusts only the outlet's certificate). */
    public static MqttProbe connect(String url, String user, String password, javax.net.ssl.SSLSocketFactory tls)
            throws MqttException {
        MqttClient c = new MqttClient(
                url, user + "-probe-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        o.setConnectionTimeout(5);
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        c.connect(o);
        // never wait forever: a broker may close the connection of a publish its ACL refuses instead of acknowledging
        // it
        c.setTimeToWait(5_000);
        return new MqttProbe(c);
    }

    public MqttProbe subscribe(String... filters) throws MqttException {
        if (filters.length == 0) {
            return this; // an empty SUBSCRIBE is a protocol error
        }
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        int[] qos = new int[filters.length];
        for (int i = 0; i < filters.length; i++) {
            qos[i] = 1;
            listeners[i] = (topic, m) -> received.add(
                    new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                client.subscribe(filters, qos, listeners);
                return this;
            } catch (MqttException e) {
                boolean dropped = e.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST
                        || e.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED;
                if (!dropped || attempt == 3) {
                    throw e;
                }
                // the connection dropped as it subscribed (a broker restart in a test): a real screen
                // reconnects and subscribes again, so does this
                awaitReconnected();
            }
        }
    }

    private void awaitReconnected() {
        Awaitility.await("probe reconnected")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!client.isConnected()) {
                        try {
                            client.reconnect(); // Paho's own automatic reconnect does not always start
                        } catch (MqttException alreadyReconnecting) {
                            // it is under way
                        }
                    }
                    return client.isConnected();
                });
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    public void publishQos0(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 0, false);
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Waits for a message on {@code topic} whose JSON satisfies {@code match}. */
    public JsonNode await(String topic, Predicate<JsonNode> match) {
        return await(topic, match, Duration.ofSeconds(10));
    }

    public JsonNode await(String topic, Predicate<JsonNode> match, Duration atMost) {
        Received[] hit = new Received[1];
        Awaitility.await("message on " + topic)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    for (Received r : received) {
                        if (r.topic().equals(topic) && match.test(r.json())) {
                            hit[0] = r;
                            return true;
                        }
                    }
                    return false;
                });
        return hit[0].json();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(0, 1000); // no quiesce: a refused publish may never be acknowledged
        }
        client.close(true);
    }
}
