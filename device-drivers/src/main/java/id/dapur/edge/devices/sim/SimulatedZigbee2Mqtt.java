package id.dapur.edge.devices.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Zigbee2MQTT bridge with temperature sensors: the retained {@code <base>/bridge/info} carries each
 * device's options under {@code config.devices.<ieee>}; {@code <base>/bridge/request/device/options}
 * {@code {"id":"<name>","options":{...},"transaction":"x"}} changes them, is answered on
 * {@code <base>/bridge/response/device/options} with {@code {"data":{"from":{...},"id":"<name>",
 * "restart_required":false,"to":{...}},"status":"ok","transaction":"x"}} and bridge/info is
 * published again; an unknown device answers {@code {"data":{},"error":"Device '<name>' does not exist",
 * "status":"error"}}.
 */
public final class SimulatedZigbee2Mqtt implements SimulatedMqttDevice {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final Map<String, String> devices; // friendly name -> ieee address
    private final Map<String, ObjectNode> options = new LinkedHashMap<>();
    private volatile boolean stuck;

    public SimulatedZigbee2Mqtt(String base, Map<String, String> devicesByName) {
        this.base = base;
        this.devices = new LinkedHashMap<>(devicesByName);
        factoryReset();
    }

    /** Every device back to no options set (re-paired, or the bridge's database lost). */
    @Override
    public synchronized void factoryReset() {
        options.clear();
        devices.forEach((name, ieee) -> {
            ObjectNode o = JSON.createObjectNode();
            o.put("friendly_name", name);
            options.put(name, o);
        });
    }

    @Override
    public void stuck(boolean stuck) {
        this.stuck = stuck;
    }

    public synchronized JsonNode options(String name) {
        return options.get(name).deepCopy();
    }

    @Override
    public List<String> subscriptions() {
        return List.of(base + "/bridge/request/device/options");
    }

    @Override
    public synchronized List<Publish> onConnect() {
        List<Publish> out = new ArrayList<>();
        out.add(Publish.of(base + "/bridge/state", "{\"state\":\"online\"}", true));
        devices.keySet()
                .forEach(name ->
                        out.add(Publish.of(base + "/" + name + "/availability", "{\"state\":\"online\"}", true)));
        out.add(info());
        return out;
    }

    private Publish info() {
        ObjectNode info = JSON.createObjectNode();
        info.put("version", "1.42.0");
        info.put("commit", "d6cd2fb");
        ObjectNode coordinator = info.putObject("coordinator");
        coordinator.put("ieee_address", "0x00124b0021b7a3c1");
        coordinator.put("type", "zStack3x0");
        info.put("log_level", "info");
        info.put("permit_join", false);
        ObjectNode config = info.putObject("config");
        ObjectNode ds = config.putObject("devices");
        devices.forEach((name, ieee) -> ds.set(ieee, options.get(name).deepCopy()));
        info.put("restart_required", false);
        return new Publish(base + "/bridge/info", info.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public synchronized List<Publish> onMessage(String topic, byte[] payload) {
        List<Publish> out = new ArrayList<>();
        JsonNode req = SimulatedMqttDevice.json(payload);
        if (req == null) {
            return out;
        }
        ObjectNode resp = JSON.createObjectNode();
        String name = req.path("id").asText("");
        ObjectNode current = options.get(name);
        if (current == null) {
            resp.putObject("data");
            resp.put("error", "Device '" + name + "' does not exist");
            resp.put("status", "error");
        } else {
            ObjectNode from = current.deepCopy();
            from.remove("friendly_name");
            if (!stuck) {
                req.path("options").fields().forEachRemaining(f -> current.set(f.getKey(), f.getValue()));
            }
            ObjectNode to = current.deepCopy();
            to.remove("friendly_name");
            ObjectNode data = resp.putObject("data");
            data.set("from", from);
            data.put("id", name);
            data.put("restart_required", false);
            data.set("to", to);
            resp.put("status", "ok");
        }
        if (req.has("transaction")) {
            resp.set("transaction", req.get("transaction"));
        }
        out.add(new Publish(
                base + "/bridge/response/device/options", resp.toString().getBytes(StandardCharsets.UTF_8), false));
        if (current != null) {
            out.add(info());
        }
        return out;
    }
}
