package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topics of the AsyncAPI document: each channel's address as a pattern, the schema of its
 * message, who sends on it (the agent, or its clients), its QoS and whether it is retained, and the
 * roles that may publish and subscribe ({@code x-dapur-publish}, {@code x-dapur-subscribe}).
 */
public final class MqttChannels {
    /**
     * One topic. {@code address} as written ({@code dapur/{outletId}/kds/{station}/tickets}), or null
     * for topics a configuration names (a vendor sensor's);
     * {@code schema} a name for {@link Contract#validate}, or null for a payload the contract does
     * not define (a vendor's format, a plain number); {@code sentByAgent} whether the agent
     * publishes it (else it receives it).
     */
    public record Channel(
            String name,
            String address,
            Pattern pattern,
            String schema,
            boolean sentByAgent,
            int qos,
            boolean retained,
            List<String> publishers,
            List<String> subscribers) {
        /** The address with each parameter replaced by {@code +}: the shape a wildcard subscription to it has. */
        public String shape() {
            return address == null ? null : address.replaceAll("\\{[^}]+}", "+");
        }
    }

    private final List<Channel> channels = new ArrayList<>();

    MqttChannels(JsonNode asyncApi) {
        JsonNode ops = asyncApi.path("operations");
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        asyncApi.path("channels").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            String address = c.path("address").isTextual() ? c.path("address").asText() : null;
            String schema = null;
            Iterator<JsonNode> messages = c.path("messages").elements();
            if (messages.hasNext()) {
                JsonNode m = resolve(asyncApi, messages.next());
                String ref = m.path("payload").path("$ref").asText(null);
                schema = ref == null ? null : schemaName(ref);
            }
            boolean sent = false;
            int qos = 0;
            boolean retained = false;
            for (JsonNode op : ops) {
                if (op.path("channel").path("$ref").asText().equals("#/channels/" + e.getKey())) {
                    sent = op.path("action").asText().equals("send");
                    qos = op.path("bindings").path("mqtt").path("qos").asInt(0);
                    retained = op.path("bindings").path("mqtt").path("retain").asBoolean(false);
                }
            }
            channels.add(new Channel(
                    e.getKey(),
                    address,
                    address == null ? null : pattern(address),
                    schema,
                    sent,
                    qos,
                    retained,
                    strings(c.path("x-dapur-publish")),
                    strings(c.path("x-dapur-subscribe"))));
        }
    }

    /** {@code ./schemas/ticket.schema.json#/$defs/X} → {@code ticket#/$defs/X}. */
    static String schemaName(String ref) {
        String r = ref.startsWith("./") ? ref.substring(2) : ref;
        int hash = r.indexOf('#');
        String file = hash < 0 ? r : r.substring(0, hash);
        String pointer = hash < 0 ? "" : r.substring(hash);
        if (file.startsWith("schemas/") && file.endsWith(".schema.json")) {
            return file.substring("schemas/".length(), file.length() - ".schema.json".length()) + pointer;
        }
        return r;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return node;
        }
        return doc.at(ref.substring(1));
    }

    private static Pattern pattern(String address) {
        StringBuilder sb = new StringBuilder();
        for (String part : address.split("(?=\\{)|(?<=})")) {
            sb.append(part.startsWith("{") && part.endsWith("}") ? "[^/+#]+" : Pattern.quote(part));
        }
        return Pattern.compile(sb.toString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<Channel> all() {
        return List.copyOf(channels);
    }

    /** The channel a concrete topic belongs to. */
    public Optional<Channel> of(String topic) {
        return channels.stream()
                .filter(c -> c.pattern() != null && c.pattern().matcher(topic).matches())
                .findFirst();
    }
}
