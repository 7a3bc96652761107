package id.dapur.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration's keys as the loader reads them, the keys docs/configuration.md documents, and
 * the keys of the contract's configuration schema are the same keys.
 */
class ConfigurationKeysTest {
    static final Path DOC = Path.of("..", "docs", "configuration.md");
    static final Path SCHEMA = Path.of("..", "contract", "schemas", "configuration.schema.json");

    /** Every key, read from two configurations that between them have every section and every shape. */
    static Set<String> keys() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        Set<String> keys = new TreeSet<>();
        for (String file : new String[] {"maximal.yaml", "maximal-external.yaml"}) {
            JsonNode tree = loader.loadTree(Path.of("src", "test", "resources", file));
            keys.addAll(loader.keysRead(tree));
        }
        return keys;
    }

    /**
     * The keys the table of docs/configuration.md names: a row's first column ({@code `a.b`},
     * {@code `a.b` / `c`} for a.c, {@code `a.b`, `a.d`}), and for a list ({@code x[]}) the fields its
     * rule lists in braces ({@code {id, connection, width: 58|80 (80), ...}}).
     */
    static Set<String> documented() throws Exception {
        Set<String> out = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| (`.+?) \\| (.*?) \\| (.*) \\|\\s*$");
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Matcher n = Pattern.compile("`([^`]+)`").matcher(m.group(1));
            while (n.find()) {
                names.add(n.group(1).replaceAll(":.*$", "").trim());
            }
            String first = names.get(0);
            String parent = first.contains(".") ? first.substring(0, first.lastIndexOf('.')) : "";
            for (String name : names) {
                String full = name.contains(".") || parent.isEmpty() ? name : parent + "." + name;
                out.add(full.endsWith("[]") ? full.substring(0, full.length() - 2) : full);
                String rule = m.group(3).trim();
                if (full.endsWith("[]") && rule.startsWith("`{")) {
                    for (String field : fields(rule.substring(2, rule.indexOf("}`")))) {
                        out.add(full + "." + field);
                    }
                }
            }
        }
        return out;
    }

    /** The field names of a brace list: each comma-separated part's leading identifier, nested braces skipped. */
    static List<String> fields(String inside) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        for (char c : (inside + ",").toCharArray()) {
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                Matcher id = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9]*)").matcher(part);
                if (id.find()) {
                    out.add(id.group(1));
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return out;
    }

    /** The key paths of the configuration schema: properties, and items of arrays as {@code []}. */
    static Set<String> schemaKeys() throws Exception {
        Set<String> out = new TreeSet<>();
        collect(new ObjectMapper().readTree(SCHEMA.toFile()), "", out);
        return out;
    }

    private static void collect(JsonNode schema, String path, Set<String> out) {
        if (schema.has("items")) {
            collect(schema.get("items"), path + "[]", out);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        schema.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    /** Whether {@code key} or one of its enclosing keys is in {@code keys}. */
    static boolean coveredBy(String key, Set<String> keys) {
        for (String k = key; ; ) {
            if (keys.contains(k)) {
                return true;
            }
            int cut = Math.max(k.lastIndexOf('.'), k.endsWith("[]") ? k.length() - 2 : -1);
            if (cut <= 0) {
                return false;
            }
            k = k.substring(0, cut);
        }
    }

    @Test
    void theMaximalConfigurationsAreValidAndReadEverySection() throws Exception {
        assertThat(keys())
                .hasSizeGreaterThan(200)
                .contains(
                        "outlet.id",
                        "printers[].connection",
                        "sensors[].defrost.at",
                        "menu.items[].recipe",
                        "cloud.retry.breakerOpenFor",
                        "tls.key",
                        "mqtt.password",
                        "defaults");
    }

    @Test
    void everyKeyTheDocsNameExistsAndEveryKeyIsDocumented() throws Exception {
        Set<String> code = keys();
        Set<String> docs = documented();
        List<String> unknown = docs.stream().filter(k -> !code.contains(k)).toList();
        assertThat(unknown)
                .as("keys docs/configuration.md names that the loader does not read")
                .isEmpty();
        // a section (mqtt, cloud.batch) is documented through its keys; a free-form value (haccp.limits) as a whole
        List<String> undocumented = code.stream()
                .filter(k -> !coveredBy(k, docs)
                        && docs.stream().noneMatch(d -> d.startsWith(k + ".") || d.startsWith(k + "[]")))
                .toList();
        assertThat(undocumented)
                .as("keys the loader reads that docs/configuration.md does not name")
                .isEmpty();
    }

    @Test
    void theContractsSchemaHasExactlyTheseKeys() throws Exception {
        assertThat(schemaKeys()).isEqualTo(keys());
    }

    /** What the cloud may set (the schema's FromCloud) is everything but ConfigLayers.LOCAL_ONLY. */
    @Test
    void theCloudsPartOfTheSchemaLeavesOutExactlyTheLocalOnlyKeys() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        Set<String> cloud = new TreeSet<>();
        schema.path("$defs").path("FromCloud").path("properties").fieldNames().forEachRemaining(cloud::add);
        schema.path("$defs")
                .path("FromCloud")
                .path("properties")
                .path("outlet")
                .path("properties")
                .fieldNames()
                .forEachRemaining(k -> cloud.add("outlet." + k));
        Set<String> all = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(all::add);
        all.add("outlet.id");
        all.add("outlet.tenant");
        all.add("outlet.name");
        Set<String> localOnly = new TreeSet<>(all);
        localOnly.removeAll(cloud);
        localOnly.remove("outlet");
        assertThat(localOnly).containsExactlyInAnyOrderElementsOf(ConfigLayers.LOCAL_ONLY);
    }
}
