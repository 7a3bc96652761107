package id.dapur.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The configuration an outlet runs on when a back office manages it: the local file, then the
 * partner's defaults over it, then the outlet's overrides over those (outlet wins), validated as one
 * tree. The cloud may not set what only the device can know ({@link #LOCAL_ONLY}) and may not use
 * {@code ${ENV}} placeholders (they would read the device's environment into a field the cloud can
 * see); either is reported with its path and nothing is applied.
 */
public final class ConfigLayers {
    /** Keys only the local file may set: the device's identity, where its data lives, how it reaches the cloud. */
    public static final List<String> LOCAL_ONLY =
            List.of("outlet.id", "outlet.tenant", "storage", "cloud", "defaults", "update");

    /** A merged, validated configuration and the tree it came from (to tell a real change from a new version number). */
    public record Merged(JsonNode tree, DapurConfig config) {}

    private ConfigLayers() {}

    public static Merged merge(ConfigLoader loader, JsonNode local, JsonNode partner, JsonNode outlet)
            throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        check("partner", partner, problems);
        check("outlet", outlet, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        JsonNode tree = JsonNodes.merge(JsonNodes.merge(local, nullToEmpty(partner)), nullToEmpty(outlet));
        return new Merged(tree, loader.fromTree(tree));
    }

    private static JsonNode nullToEmpty(JsonNode n) {
        return n == null || n.isNull() ? JsonNodes.emptyObject() : n;
    }

    private static void check(String layer, JsonNode n, List<ConfigProblem> problems) {
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isObject()) {
            problems.add(new ConfigProblem(layer, "must be a mapping"));
            return;
        }
        for (String key : LOCAL_ONLY) {
            JsonNode at = n;
            for (String part : key.split("\\.")) {
                at = at == null ? null : at.get(part);
            }
            if (at != null) {
                problems.add(new ConfigProblem(
                        layer + "." + key, "is set only in the agent's local file, never by the cloud"));
            }
        }
        placeholders(layer, n, problems);
    }

    private static void placeholders(String path, JsonNode n, List<ConfigProblem> problems) {
        if (n.isTextual() && n.asText().contains("${")) {
            problems.add(
                    new ConfigProblem(path, "placeholders (${...}) are not allowed in configuration from the cloud"));
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                placeholders(path + "." + e.getKey(), e.getValue(), problems);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                placeholders(path + "[" + i + "]", n.get(i), problems);
            }
        }
    }
}
