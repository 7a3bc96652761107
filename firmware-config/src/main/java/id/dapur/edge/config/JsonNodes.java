package id.dapur.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Tree operations on configuration documents. */
public final class JsonNodes {
    private JsonNodes() {}

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Merges {@code override} over {@code base}: mappings merge key by key, recursively; lists and
     * values in {@code override} replace those in {@code base} whole (an outlet's station list is its
     * own, not a union with the tenant's). A {@code null} in {@code override} removes the key.
     * Neither argument is modified.
     */
    public static JsonNode merge(JsonNode base, JsonNode override) {
        if (base == null || !base.isObject() || override == null || !override.isObject()) {
            return override == null ? (base == null ? null : base.deepCopy()) : override.deepCopy();
        }
        ObjectNode out = ((ObjectNode) base).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
