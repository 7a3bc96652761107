package id.dapur.edge.devices.sensor.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shelly Gen2 RPC over MQTT: a request {@code {"id":1,"src":"<src>","method":"Temperature.GetConfig",
 * "params":{"id":0}}} published to {@code <device>/rpc} is answered on {@code <src>/rpc} with
 * {@code {"id":1,"src":"<device>","dst":"<src>","result":{...}}}; {@code <Component>.SetConfig} takes
 * {@code {"id":0,"config":{...}}}. Keys are {@code Temperature:0.report_thr_C} or
 * {@code Sys.sntp.server}: the component (with its instance), then the path in its configuration.
 */
final class ShellyGen2 implements FirmwareProtocol {
    private final String device;
    private final String src;
    private final Map<Integer, String> pending = new HashMap<>(); // request id -> component it reads
    private int next = 1;

    ShellyGen2(String dataTopic, String replyRoot) {
        if (!dataTopic.endsWith("/events/rpc")) {
            throw new IllegalArgumentException(
                    "a Shelly Gen2 sensor's topic must be <device>/events/rpc, got " + dataTopic);
        }
        this.device = dataTopic.substring(0, dataTopic.length() - "/events/rpc".length());
        this.src = replyRoot;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<String> replyTopics() {
        return List.of(src + "/rpc");
    }

    @Override
    public List<String> deviceReads() {
        return List.of(device + "/rpc");
    }

    @Override
    public List<String> deviceWrites() {
        return List.of(src + "/rpc");
    }

    /** {@code Temperature:0.report_thr_C} → {@code Temperature:0}. */
    static String component(String key) {
        return key.substring(0, key.indexOf('.'));
    }

    @Override
    public List<Outgoing> read(Set<String> keys) {
        List<Outgoing> out = new ArrayList<>();
        for (String c : new TreeSet<>(keys.stream().map(ShellyGen2::component).toList())) {
            int id = next++;
            pending.put(id, c);
            out.add(request(id, c, "GetConfig", null));
        }
        return out;
    }

    @Override
    public List<Outgoing> write(Map<String, JsonNode> values) {
        Map<String, ObjectNode> configs = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            ObjectNode at = configs.computeIfAbsent(component(k), c -> JSON.createObjectNode());
            String[] path = k.substring(k.indexOf('.') + 1).split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                at = at.has(path[i]) && at.get(path[i]).isObject()
                        ? (ObjectNode) at.get(path[i])
                        : at.putObject(path[i]);
            }
            at.set(path[path.length - 1], v);
        });
        List<Outgoing> out = new ArrayList<>();
        configs.forEach((c, config) -> out.add(request(next++, c, "SetConfig", config)));
        return out;
    }

    private Outgoing request(int id, String component, String verb, ObjectNode config) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("src", src);
        int colon = component.indexOf(':');
        r.put("method", (colon < 0 ? component : component.substring(0, colon)) + "." + verb);
        ObjectNode params = JSON.createObjectNode();
        if (colon >= 0) {
            params.put("id", Integer.parseInt(component.substring(colon + 1)));
        }
        if (config != null) {
            params.set("config", config);
        }
        if (!params.isEmpty()) {
            r.set("params", params);
        }
        return new Outgoing(device + "/rpc", r.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, JsonNode> observe(String topic, byte[] payload) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode n = topic.equals(src + "/rpc") ? FirmwareProtocol.object(payload) : null;
        if (n == null
                || !device.equals(n.path("src").asText())
                || !n.path("result").isObject()) {
            return out;
        }
        String component = pending.remove(n.path("id").asInt(-1));
        if (component != null) {
            flatten(component, n.get("result"), out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        node.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) {
                flatten(prefix + "." + f.getKey(), f.getValue(), out);
            } else {
                out.put(prefix + "." + f.getKey(), f.getValue());
            }
        });
    }
}
