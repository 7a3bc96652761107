package id.dapur.edge.devices.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Shelly Gen2 device with a temperature add-on (for example a Plus with the Add-on, or an H&T Gen3)
 * answering RPC over MQTT: requests on {@code <id>/rpc}, answers on {@code <src>/rpc} as
 * {@code {"id":1,"src":"<id>","dst":"<src>","result":{...}}}; {@code Temperature.GetConfig}/
 * {@code SetConfig} ({@code report_thr_C}, {@code offset_C}, {@code name}), {@code Sys.GetConfig}/
 * {@code SetConfig}; an unknown method answers {@code {"code":404,"message":"No handler for <method>"}}.
 * Announces itself with the retained {@code <id>/online} {@code true}.
 */
public final class SimulatedShellyGen2 implements SimulatedMqttDevice {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String id;
    private ObjectNode temperature;
    private ObjectNode sys;
    private volatile boolean stuck;

    public SimulatedShellyGen2(String id) {
        this.id = id;
        factoryReset();
    }

    @Override
    public synchronized void factoryReset() {
        temperature = JSON.createObjectNode();
        temperature.put("id", 100);
        temperature.putNull("name");
        temperature.put("report_thr_C", 1.0);
        temperature.put("offset_C", 0.0);
        sys = JSON.createObjectNode();
        ObjectNode device = sys.putObject("device");
        device.put("name", (String) null);
        device.put("mac", "A8032ABE54DC");
        device.put("fw_id", "20241011-114455/1.4.4-g6d2a586");
        device.put("discoverable", true);
        sys.putObject("sntp").put("server", "time.google.com");
        sys.put("cfg_rev", 0);
    }

    @Override
    public void stuck(boolean stuck) {
        this.stuck = stuck;
    }

    public synchronized JsonNode temperatureConfig() {
        return temperature.deepCopy();
    }

    @Override
    public List<String> subscriptions() {
        return List.of(id + "/rpc");
    }

    @Override
    public List<Publish> onConnect() {
        return List.of(Publish.of(id + "/online", "true", true));
    }

    @Override
    public synchronized List<Publish> onMessage(String topic, byte[] payload) {
        List<Publish> out = new ArrayList<>();
        JsonNode req = SimulatedMqttDevice.json(payload);
        if (req == null) {
            return out;
        }
        String src = req.path("src").asText("");
        if (src.isEmpty()) {
            return out; // Shelly answers only requests that say where to
        }
        ObjectNode resp = JSON.createObjectNode();
        resp.set("id", req.path("id"));
        resp.put("src", id);
        resp.put("dst", src);
        String method = req.path("method").asText("");
        JsonNode params = req.path("params");
        switch (method) {
            case "Temperature.GetConfig" -> {
                if (params.path("id").asInt(-1) != 100 && params.path("id").asInt(-1) != 0) {
                    error(
                            resp,
                            -105,
                            "Argument 'id', value " + params.path("id").asInt() + " not found!");
                } else {
                    resp.set("result", temperature.deepCopy());
                }
            }
            case "Temperature.SetConfig" -> {
                if (!stuck) {
                    merge(temperature, params.path("config"));
                }
                resp.putObject("result").put("restart_required", false);
            }
            case "Sys.GetConfig" -> resp.set("result", sys.deepCopy());
            case "Sys.SetConfig" -> {
                if (!stuck) {
                    merge(sys, params.path("config"));
                    sys.put("cfg_rev", sys.path("cfg_rev").asInt() + 1);
                }
                resp.putObject("result").put("restart_required", false);
            }
            default -> error(resp, 404, "No handler for " + method);
        }
        out.add(new Publish(src + "/rpc", resp.toString().getBytes(StandardCharsets.UTF_8), false));
        return out;
    }

    private static void error(ObjectNode resp, int code, String message) {
        ObjectNode e = resp.putObject("error");
        e.put("code", code);
        e.put("message", message);
    }

    private static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isObject() && into.path(f.getKey()).isObject()) {
                merge((ObjectNode) into.get(f.getKey()), f.getValue());
            } else if (!f.getKey().equals("id")) {
                into.set(f.getKey(), f.getValue());
            }
        }
    }
}
