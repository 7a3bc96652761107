package id.dapur.edge.devices.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A sensor's firmware as the broker sees it, without the broker: what it subscribes to, what it
 * publishes when it connects, and what it answers to each message — byte for byte as the vendor
 * documents it. A small adapter connects it to a real broker (the demo's and the tests' MQTT client).
 */
public interface SimulatedMqttDevice {
    /** A message the device publishes. */
    record Publish(String topic, byte[] payload, boolean retained) {
        static Publish of(String topic, String text, boolean retained) {
            return new Publish(topic, text.getBytes(StandardCharsets.UTF_8), retained);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A request's JSON, or null when it is not JSON (a device ignores it). */
    static JsonNode json(byte[] payload) {
        try {
            return new ObjectMapper().readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }

    List<String> subscriptions();

    /** What it publishes once connected (availability, retained state). */
    List<Publish> onConnect();

    /** What it answers to a message on one of its subscriptions. */
    List<Publish> onMessage(String topic, byte[] payload);

    /** Back to factory settings, as a reset button or a re-flash does; the adapter reconnects it (a reboot). */
    void factoryReset();

    /** While stuck, it acknowledges writes but keeps its old values (a device that does not keep settings). */
    void stuck(boolean stuck);
}
