package id.dapur.edge.agent.messaging;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Version;
import id.dapur.edge.contract.Contract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The retained {@code agent/status} payload, also the MQTT will. */
public final class AgentStatus {
    private AgentStatus() {}

    public static byte[] payload(String state, Instant ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("version", Version.VALUE);
        m.put("contractVersion", Contract.get().version());
        m.put("ts", ts.toString());
        return Json.bytes(m);
    }
}
