package id.dapur.edge.devices.sensor.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasmota (default FullTopic {@code %prefix%/%topic%/}): a command without a parameter,
 * {@code cmnd/<topic>/TelePeriod} with an empty payload, answers its current value on
 * {@code stat/<topic>/RESULT} as {@code {"TelePeriod":300}}; with a parameter it sets it and answers
 * the new value the same way. SetOption values answer {@code "ON"}/{@code "OFF"}.
 */
final class Tasmota implements FirmwareProtocol {
    private final String topic;

    Tasmota(String dataTopic) {
        String[] p = dataTopic.split("/");
        if (p.length != 3 || !p[0].equals("tele")) {
            throw new IllegalArgumentException(
                    "a Tasmota sensor's topic must be tele/<topic>/SENSOR to be configured, got " + dataTopic);
        }
        this.topic = p[1];
    }

    @Override
    public String device() {
        return topic;
    }

    @Override
    public List<String> replyTopics() {
        return List.of("stat/" + topic + "/RESULT");
    }

    @Override
    public List<String> deviceReads() {
        return List.of("cmnd/" + topic + "/#");
    }

    @Override
    public List<String> deviceWrites() {
        return List.of("stat/" + topic + "/#");
    }

    @Override
    public List<Outgoing> read(Set<String> keys) {
        List<Outgoing> out = new ArrayList<>();
        keys.forEach(k -> out.add(new Outgoing("cmnd/" + topic + "/" + k, new byte[0])));
        return out;
    }

    @Override
    public List<Outgoing> write(Map<String, JsonNode> values) {
        List<Outgoing> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(
                new Outgoing("cmnd/" + topic + "/" + k, FirmwareProtocol.text(v).getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    @Override
    public Map<String, JsonNode> observe(String t, byte[] payload) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode n = t.equals("stat/" + topic + "/RESULT") ? FirmwareProtocol.object(payload) : null;
        if (n != null) {
            n.fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode()) {
                    out.put(f.getKey(), f.getValue());
                }
            });
        }
        return out;
    }
}
