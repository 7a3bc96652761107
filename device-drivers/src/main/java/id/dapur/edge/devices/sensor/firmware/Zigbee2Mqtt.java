package id.dapur.edge.devices.sensor.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zigbee2MQTT's bridge API: each device's options are in the retained {@code <base>/bridge/info}
 * ({@code config.devices.<ieee>}, with its {@code friendly_name}), published again after every change;
 * {@code <base>/bridge/request/device/options} with {@code {"id":"<friendly name>","options":{...}}}
 * sets them and is answered on {@code <base>/bridge/response/device/options}.
 */
final class Zigbee2Mqtt implements FirmwareProtocol {
    private final String base;
    private final String name;

    Zigbee2Mqtt(String dataTopic) {
        int slash = dataTopic.indexOf('/');
        if (slash <= 0 || slash == dataTopic.length() - 1 || dataTopic.startsWith("bridge/", slash + 1)) {
            throw new IllegalArgumentException(
                    "a Zigbee2MQTT sensor's topic must be <base>/<friendly name>, got " + dataTopic);
        }
        this.base = dataTopic.substring(0, slash);
        this.name = dataTopic.substring(slash + 1);
    }

    @Override
    public String device() {
        return name;
    }

    @Override
    public List<String> replyTopics() {
        return List.of(base + "/bridge/info", base + "/bridge/response/device/options");
    }

    @Override
    public List<String> deviceReads() {
        return List.of(base + "/bridge/request/#");
    }

    @Override
    public List<String> deviceWrites() {
        return List.of(base + "/bridge/response/#", base + "/bridge/info", base + "/bridge/state");
    }

    @Override
    public boolean wholeAnswer() {
        return true;
    }

    @Override
    public List<Outgoing> read(Set<String> keys) {
        return List.of(); // the bridge publishes its info (retained) by itself, and again after each change
    }

    @Override
    public List<Outgoing> write(Map<String, JsonNode> values) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", name);
        ObjectNode options = r.putObject("options");
        values.forEach(options::set);
        return List.of(new Outgoing(
                base + "/bridge/request/device/options", r.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Map<String, JsonNode> observe(String topic, byte[] payload) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (!topic.equals(base + "/bridge/info")) {
            return out;
        }
        JsonNode n = FirmwareProtocol.object(payload);
        JsonNode devices = n == null ? null : n.path("config").path("devices");
        if (devices == null || !devices.isObject()) {
            return out;
        }
        devices.fields().forEachRemaining(d -> {
            if (name.equals(d.getValue().path("friendly_name").asText())) {
                d.getValue().fields().forEachRemaining(f -> {
                    if (f.getValue()
                            .isValueNode()) { // friendly_name too: an answer that names the device is never empty
                        out.put(f.getKey(), f.getValue());
                    }
                });
            }
        });
        return out;
    }
}
