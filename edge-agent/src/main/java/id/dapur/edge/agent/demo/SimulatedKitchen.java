package id.dapur.edge.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cooks for the demo: watches every station's tickets and, after a plausible time, starts them,
 * bumps them to READY, and serves READY orders at expo, through the same MQTT actions a screen sends;
 * every few minutes one of them marks a dish sold out for a while.
 */
public final class SimulatedKitchen implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedKitchen.class);
    private final Vertx vertx;
    private final MqttAsyncClient client;
    private final String root;
    private final Random rnd = new Random();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final double speed;

    /** {@code speed} 1.0 is a real kitchen (minutes); larger is faster. */
    public SimulatedKitchen(Vertx vertx, String brokerUrl, String outletId, String password, double speed)
            throws MqttException {
        this.vertx = vertx;
        this.speed = speed;
        this.root = "dapur/" + outletId;
        this.client = DemoMqtt.connect(brokerUrl, "kitchen-demo-cooks-" + outletId, "kitchen-demo", password);
        client.subscribe(
                        root + "/kds/+/tickets",
                        1,
                        (topic, msg) -> onTicket(Json.tree(new String(msg.getPayload(), StandardCharsets.UTF_8))))
                .waitForCompletion(10_000);
        // now and then a cook runs out of something and marks it 86 for a while
        eightySix = vertx.setPeriodic(Math.max(1_000, (long) (180_000 / speed)), t -> eightySix());
    }

    private final long eightySix;

    private void eightySix() {
        String[] dish = Menu.randomDish(rnd);
        Instant until = Instant.now().plusMillis(Math.max(5_000, (long) (120_000 / speed)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", dish[0]);
        body.put("available", false);
        body.put("reason", "habis");
        body.put("until", until.toString());
        try {
            client.publish(root + "/menu/availability/set", Json.bytes(body), 1, false);
            LOG.info("simulated cook: 86 {} until {}", dish[1], until);
        } catch (MqttException e) {
            LOG.debug("simulated cook could not 86 [error: {}]", e.getMessage());
        }
    }

    private void onTicket(JsonNode t) {
        String id = t.path("ticketId").asText();
        String status = t.path("status").asText();
        boolean expo = t.path("expo").asBoolean();
        String next = expo
                ? (status.equals("READY") ? "BUMP" : null)
                : status.equals("NEW") ? "START" : status.equals("IN_PROGRESS") ? "BUMP" : null;
        if (next == null || !scheduled.add(id + "#" + status)) {
            return;
        }
        long base = switch (status) {
            case "NEW" -> 5_000 + rnd.nextInt(20_000);
            case "IN_PROGRESS" -> 40_000 + rnd.nextInt(120_000);
            default -> 10_000 + rnd.nextInt(30_000);
        };
        vertx.setTimer(
                Math.max(50, (long) (base / speed)), x -> act(t.path("station").asText(), id, next));
    }

    private void act(String station, String ticketId, String action) {
        Map<String, String> body =
                Map.of("actionId", UUID.randomUUID().toString(), "ticketId", ticketId, "action", action);
        try {
            client.publish(root + "/kds/" + station + "/actions", Json.bytes(body), 1, false);
        } catch (MqttException e) {
            LOG.debug("simulated cook could not act [ticket: {}, error: {}]", ticketId, e.getMessage());
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(eightySix);
        try {
            client.disconnectForcibly(1000);
            client.close();
        } catch (MqttException e) {
            LOG.debug("simulated kitchen close: {}", e.getMessage());
        }
    }
}
