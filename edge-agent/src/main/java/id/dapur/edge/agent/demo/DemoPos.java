package id.dapur.edge.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cashier's POS for the demo, behaving as the contract asks of a real one: it sends orders over
 * MQTT and sends the same order again until it hears ACCEPTED, DUPLICATE or REJECTED.
 */
public final class DemoPos implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPos.class);
    private static final long RESEND_MS = 5_000;

    private final Vertx vertx;
    private final MqttAsyncClient client;
    private final String root;
    private final Random rnd = new Random();
    private final Map<String, byte[]> unanswered = new ConcurrentHashMap<>();
    private long counter;
    private long timer = -1;

    public DemoPos(Vertx vertx, String brokerUrl, String outletId, String password) throws MqttException {
        this.vertx = vertx;
        this.root = "dapur/" + outletId;
        this.client = DemoMqtt.connect(brokerUrl, "pos-demo-" + outletId, "pos-demo", password);
        client.subscribe(root + "/orders/+/events", 1, (topic, msg) -> {
                    JsonNode e = Json.tree(new String(msg.getPayload(), StandardCharsets.UTF_8));
                    String event = e.path("event").asText();
                    if (event.equals("ACCEPTED") || event.equals("DUPLICATE") || event.equals("REJECTED")) {
                        unanswered.remove(e.path("orderId").asText());
                    }
                    if (event.equals("REJECTED")) {
                        LOG.warn(
                                "demo order rejected [order: {}, code: {}]",
                                e.path("orderId").asText(),
                                e.path("code").asText());
                    }
                })
                .waitForCompletion(10_000);
    }

    /** Sends about {@code perMinute} orders a minute, at irregular intervals like a real lunch rush. */
    public void start(double perMinute) {
        long meanMs = (long) (60_000 / perMinute);
        schedule(meanMs);
        vertx.setPeriodic(RESEND_MS, t -> unanswered.forEach(this::send));
    }

    private void schedule(long meanMs) {
        timer = vertx.setTimer(Math.max(200, (long) (meanMs * (0.3 + rnd.nextDouble() * 1.4))), t -> {
            String id = "DEMO-" + String.format("%06d", ++counter);
            byte[] order = Menu.randomOrder(rnd, id, "pos-demo", Instant.now());
            unanswered.put(id, order);
            send(id, order);
            schedule(meanMs);
        });
    }

    private void send(String id, byte[] order) {
        try {
            client.publish(root + "/orders/in", order, 1, false);
        } catch (MqttException e) {
            LOG.debug("demo POS could not send, will resend [order: {}, error: {}]", id, e.getMessage());
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        try {
            client.disconnectForcibly(1000);
            client.close();
        } catch (MqttException e) {
            LOG.debug("demo POS close: {}", e.getMessage());
        }
    }
}
