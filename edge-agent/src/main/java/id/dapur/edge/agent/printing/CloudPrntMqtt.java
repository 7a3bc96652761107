package id.dapur.edge.agent.printing;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.MqttRoutes;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Star CloudPRNT's MQTT mode for printers with {@code mqtt: true}, on the agent's broker (Star's
 * "trigger POST"): the printer keeps an MQTT connection as an account of its own and is told at once
 * when a job is on offer ({@code request-post} on {@code star/cloudprnt/to-device/<mac>/}), instead of
 * finding it at its next HTTP poll; it fetches and reports over HTTP as ever, so the job token, its
 * duplicates dropped and the rules of a job on offer are the same. What it says over MQTT is taken
 * too: {@code client-status} (heard, with its status block), {@code print-result} (a report, like
 * {@code DELETE /cloudprnt}), and {@code client-will}, its Will: it is OFFLINE at once.
 */
final class CloudPrntMqtt {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPrntMqtt.class);
    private static final int MAX_BYTES = 8 * 1024;
    static final byte[] REQUEST_POST = "{\"title\":\"request-post\"}".getBytes(StandardCharsets.UTF_8);

    private final MqttBus bus;
    private final Topics topics;
    private final Map<String, CloudPrntPrinter> byMac;

    CloudPrntMqtt(MqttBus bus, Topics topics, Map<String, CloudPrntPrinter> byMac) {
        this.bus = bus;
        this.topics = topics;
        this.byMac = byMac;
    }

    /** Subscribes to what each printer says and tells each printer of its offers; before the bus connects. */
    void mount(MqttRoutes routes) {
        if (byMac.isEmpty()) {
            return;
        }
        List<String> filters = byMac.keySet().stream()
                .map(mac -> topics.cloudPrntToServer(mac, "+"))
                .toList();
        routes.mountFilters(filters, this::heard);
        byMac.forEach((mac, p) -> p.onOffer(() -> trigger(mac)));
    }

    private void trigger(String mac) {
        // may be lost: the printer finds the job at its next poll all the same
        bus.publish(topics.cloudPrntToDevice(mac, "request-post"), REQUEST_POST, 1, false)
                .onFailure(e -> LOG.warn(
                        "CloudPRNT printer not told of its job; it finds it at its next poll [mac: {}, error: {}]",
                        mac,
                        e.toString()));
    }

    private void heard(MqttBus.Message m) {
        try {
            String[] parts = m.topic().split("/");
            CloudPrntPrinter p = parts.length == 5 ? byMac.get(parts[3]) : null;
            if (p == null || m.payload().length > MAX_BYTES) {
                LOG.warn("CloudPRNT message dropped [topic: {}, bytes: {}]", m.topic(), m.payload().length);
                return;
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(m.payload());
            } catch (Exception e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                LOG.warn("CloudPRNT message is not a JSON object; dropped [topic: {}]", m.topic());
                return;
            }
            switch (parts[4]) {
                case "client-status" ->
                    p.mqttStatus(
                            body.path("status").isTextual()
                                    ? body.path("status").asText()
                                    : null);
                case "print-result" -> {
                    String code = URLDecoder.decode(body.path("statusCode").asText("?"), StandardCharsets.UTF_8);
                    boolean ok = body.path("printSucceeded").asBoolean(code.startsWith("2"));
                    if (!p.report(
                            body.path("jobToken").asText(null),
                            ok ? "200 OK" : code.startsWith("2") ? "500 " + code : code)) {
                        LOG.warn("CloudPRNT result for a job not in hand; nothing changes [printer: {}]", p.describe());
                    }
                }
                case "client-will" -> p.gone("its MQTT connection dropped (its Will)");
                default -> LOG.debug("CloudPRNT message not used [topic: {}]", m.topic());
            }
        } finally {
            m.ack();
        }
    }
}
