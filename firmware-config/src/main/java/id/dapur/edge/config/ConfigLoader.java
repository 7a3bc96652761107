package id.dapur.edge.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a YAML configuration: reads the file, merges the tenant/partner defaults it names under it
 * ({@code defaults: [partner.yaml, tenant.yaml]}, outlet wins), resolves {@code ${ENV}} placeholders
 * and {@code DAPUR_<PATH>} overrides, then validates the result in one pass.
 */
public final class ConfigLoader {
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_DEFAULTS_DEPTH = 4;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]{0,127})}");
    private static final ObjectMapper YAML =
            new ObjectMapper(YAMLFactory.builder().build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, String> env;
    /** Why the environment file cannot be used (every load then fails with it), or null. */
    private final String envProblem;

    public ConfigLoader(Map<String, String> env) {
        this(env, null);
    }

    private ConfigLoader(Map<String, String> env, String envProblem) {
        this.env = Map.copyOf(env);
        this.envProblem = envProblem;
    }

    /**
     * A loader that reads the process environment and, under it, the environment file {@code
     * DAPUR_ENV_FILE} names (the service's secrets: {@link EnvironmentFile}). A file that cannot be read
     * makes every load fail with the reason.
     */
    public static ConfigLoader withSystemEnv() {
        try {
            return new ConfigLoader(EnvironmentFile.withProcessEnvironment(System.getenv()), null);
        } catch (IOException e) {
            return new ConfigLoader(System.getenv(), e.getMessage());
        }
    }

    public DapurConfig load(Path file) throws ConfigException {
        return fromTree(loadTree(file));
    }

    /**
     * The file's tree with its {@code defaults} merged under it, placeholders not yet resolved: the
     * base that the cloud's partner and outlet layers are merged over.
     */
    public JsonNode loadTree(Path file) throws ConfigException {
        if (envProblem != null) {
            throw new ConfigException(List.of(new ConfigProblem(EnvironmentFile.VARIABLE, envProblem)));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode tree = readWithDefaults(file, problems, 0);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return tree;
    }

    /**
     * Every key the loader reads in this tree (paths like {@code printers[].connection}), whether the
     * tree sets it or not: the configuration's key list as the code has it, for the test that keeps
     * docs/configuration.md and the configuration's schema equal to it.
     */
    public Set<String> keysRead(JsonNode merged) throws ConfigException {
        Set<String> keys = new TreeSet<>();
        ConfigNode.KEYS_READ.set(keys);
        try {
            fromTree(merged);
        } finally {
            ConfigNode.KEYS_READ.remove();
        }
        return keys;
    }

    /** Validates an already merged tree (e.g. a configuration sent by the cloud). */
    public DapurConfig fromTree(JsonNode merged) throws ConfigException {
        if (envProblem != null) {
            throw new ConfigException(List.of(new ConfigProblem(EnvironmentFile.VARIABLE, envProblem)));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        if (merged == null || !merged.isObject()) {
            throw new ConfigException(List.of(new ConfigProblem("", "the configuration must be a mapping")));
        }
        JsonNode resolved = resolveEnv(merged.deepCopy(), "", problems);
        ConfigNode root = new ConfigNode(resolved, "", problems);
        DapurConfig config = DapurConfig.read(root);
        root.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private JsonNode readWithDefaults(Path file, List<ConfigProblem> problems, int depth) {
        JsonNode own = readYaml(file, problems);
        if (own == null) {
            return null;
        }
        JsonNode defaults = own.get("defaults");
        if (defaults == null || defaults.isNull()) {
            return own;
        }
        if (depth >= MAX_DEFAULTS_DEPTH) {
            problems.add(new ConfigProblem(
                    "defaults", "defaults nest deeper than " + MAX_DEFAULTS_DEPTH + " files (a cycle?) in " + file));
            return null;
        }
        List<String> files = new ArrayList<>();
        if (defaults.isTextual()) {
            files.add(defaults.asText());
        } else if (defaults.isArray()) {
            defaults.forEach(d -> files.add(d.asText()));
        } else {
            problems.add(new ConfigProblem("defaults", "must be a file name or a list of file names"));
            return null;
        }
        JsonNode merged = null;
        Path dir = file.toAbsolutePath().getParent();
        for (String f : files) {
            JsonNode d = readWithDefaults(dir.resolve(f), problems, depth + 1);
            if (d != null) {
                ((ObjectNode) d).remove("defaults");
                merged = merged == null ? d : JsonNodes.merge(merged, d);
            }
        }
        ObjectNode result = (ObjectNode) (merged == null ? own : JsonNodes.merge(merged, own));
        result.remove("defaults");
        return result;
    }

    private static JsonNode readYaml(Path file, List<ConfigProblem> problems) {
        try {
            if (!Files.isRegularFile(file)) {
                problems.add(new ConfigProblem("", "cannot read " + file + ": no such file"));
                return null;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(new ConfigProblem("", file + " is larger than 1 MiB"));
                return null;
            }
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                problems.add(new ConfigProblem("", file + " must hold a YAML mapping"));
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            problems.add(new ConfigProblem("", "invalid YAML in " + file + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new ConfigProblem("", "cannot read " + file + ": " + e.getMessage()));
        }
        return null;
    }

    /** Replaces {@code ${NAME}} placeholders and applies {@code DAPUR_<PATH>} overrides to leaves. */
    private JsonNode resolveEnv(JsonNode node, String path, List<ConfigProblem> problems) {
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            for (String k : keys) {
                obj.set(k, resolveEnv(obj.get(k), path.isEmpty() ? k : path + "." + k, problems));
            }
            return obj;
        }
        if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, resolveEnv(arr.get(i), path + "[" + i + "]", problems));
            }
            return arr;
        }
        String override = env.get(envName(path));
        if (override != null) {
            return node.isNumber() && override.matches("-?\\d{1,18}")
                    ? YAML.getNodeFactory().numberNode(Long.parseLong(override))
                    : node.isBoolean() && override.matches("true|false")
                            ? YAML.getNodeFactory().booleanNode(Boolean.parseBoolean(override))
                            : TextNode.valueOf(override);
        }
        if (node.isTextual() && node.asText().contains("${")) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    problems.add(new ConfigProblem(path, "environment variable " + m.group(1) + " is not set"));
                    value = "";
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return TextNode.valueOf(sb.toString());
        }
        return node;
    }

    /** {@code mqtt.accounts[0].password} → {@code DAPUR_MQTT_ACCOUNTS_0_PASSWORD}; camelCase splits at capitals. */
    public static String envName(String path) {
        String s = path.replace("[", ".")
                .replace("]", "")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replace('.', '_');
        return "DAPUR_" + s.toUpperCase(Locale.ROOT);
    }
}
