package id.dapur.edge.devices.sensor.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.config.SensorConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How one vendor's firmware lets its settings be read and set over MQTT (
 * docs/sensor-firmware.md): the requests to send, the topics the answers come on, and what an answer
 * says about the settings. Settings are flat keys in the vendor's own names. Not thread-safe: one per
 * device, used from one context.
 */
public interface FirmwareProtocol {
    ObjectMapper JSON = new ObjectMapper();
    int MAX_ANSWER = 64 * 1024;

    /** A message to publish. */
    record Outgoing(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * The protocol for a sensor of {@code format} whose readings arrive on {@code dataTopic};
     * {@code replyRoot} is a topic of the agent's own where answers may be addressed (Shelly RPC's
     * {@code src}). Null for formats whose firmware cannot be configured over MQTT.
     */
    static FirmwareProtocol of(String format, String dataTopic, String replyRoot) {
        return switch (format) {
            case "tasmota" -> new Tasmota(dataTopic);
            case "shelly-gen2" -> new ShellyGen2(dataTopic, replyRoot);
            case "zigbee2mqtt" -> new Zigbee2Mqtt(dataTopic);
            default -> null;
        };
    }

    /**
     * The protocol for a configured sensor with a {@code firmware} section (null without one); answers
     * addressed to the agent go under {@code <outletRoot>/sensors/<id>/firmware}.
     */
    static FirmwareProtocol forSensor(SensorConfig s, String outletRoot) {
        return s.firmware() == null || s.topic() == null
                ? null
                : of(s.format(), s.topic(), outletRoot + "/sensors/" + s.id() + "/firmware");
    }

    /** What every managed sensor's broker account must read (its commands) and write (its answers). */
    static Map<String, List<String>> acl(List<SensorConfig> sensors, String outletRoot) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        for (SensorConfig s : sensors) {
            FirmwareProtocol p = forSensor(s, outletRoot);
            if (p != null) {
                reads.addAll(p.deviceReads());
                writes.addAll(p.deviceWrites());
            }
        }
        return Map.of("read", List.copyOf(reads), "write", List.copyOf(writes));
    }

    /** The device as its vendor names it (Tasmota topic, Shelly id, Zigbee2MQTT friendly name). */
    String device();

    /** Topics the agent subscribes to for answers. */
    List<String> replyTopics();

    /** Topics the device reads (its broker account's ACL). */
    List<String> deviceReads();

    /** Topics the device writes (its broker account's ACL). */
    List<String> deviceWrites();

    /** Requests that make the device tell the current value of these settings (none: it publishes them by itself). */
    List<Outgoing> read(Set<String> keys);

    /**
     * True when one answer tells every setting the device has (a setting absent from it is unset), and
     * the device publishes it again after each change (Zigbee2MQTT's retained bridge/info); false when
     * each setting is asked for and answered on its own.
     */
    default boolean wholeAnswer() {
        return false;
    }

    /** Requests that set these values. */
    List<Outgoing> write(Map<String, JsonNode> values);

    /** What a message on one of {@link #replyTopics()} says about this device's settings (empty: nothing). */
    Map<String, JsonNode> observe(String topic, byte[] payload);

    /** Whether the device's value is the wanted one (numbers by value, ON/OFF as 1/0, text ignoring case). */
    default boolean same(JsonNode wanted, JsonNode actual) {
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return false;
        }
        BigDecimal w = number(wanted);
        BigDecimal a = number(actual);
        if (w != null && a != null) {
            return w.compareTo(a) == 0;
        }
        return wanted.asText().equalsIgnoreCase(actual.asText());
    }

    private static BigDecimal number(JsonNode n) {
        if (n.isBoolean()) {
            return n.asBoolean() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        String t = n.asText().trim().toUpperCase(Locale.ROOT);
        if (t.equals("ON") || t.equals("TRUE")) {
            return BigDecimal.ONE;
        }
        if (t.equals("OFF") || t.equals("FALSE")) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The JSON object in a payload, or null when it is not one (or too large). */
    static JsonNode object(byte[] payload) {
        if (payload == null || payload.length > MAX_ANSWER) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The value as the device's command line takes it: true/false as 1/0. */
    static String text(JsonNode v) {
        return v.isBoolean() ? (v.asBoolean() ? "1" : "0") : v.asText();
    }
}
