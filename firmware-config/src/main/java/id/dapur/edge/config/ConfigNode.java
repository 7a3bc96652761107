package id.dapur.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping being read into a typed record. Every accessor records what is wrong under the
 * node's path instead of throwing, so one pass reports every problem; {@link #finish()} reports the
 * keys nobody read (typos must not pass).
 */
final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;
    private final List<ConfigProblem> problems;
    private final Set<String> read = new HashSet<>();

    ConfigNode(JsonNode node, String path, List<ConfigProblem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(key == null ? path : pathOf(key), message));
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The value as it is (marked read), for settings whose shape the reader checks itself; null when absent. */
    JsonNode tree(String key) {
        return raw(key);
    }

    /** When set (on this thread), every key read is added to it as a path with list indices as {@code []}. */
    static final ThreadLocal<Set<String>> KEYS_READ = new ThreadLocal<>();

    private JsonNode raw(String key) {
        read.add(key);
        Set<String> keys = KEYS_READ.get();
        if (keys != null) {
            keys.add(pathOf(key).replaceAll("\\[\\d+]", "[]"));
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    String string(String key, String defaultValue) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isValueNode()) {
            problem(key, "must be a text value");
            return defaultValue;
        }
        return v.asText();
    }

    String requiredString(String key) {
        String s = string(key, null);
        if (s == null && !problemAt(pathOf(key))) {
            problem(key, "is required");
        }
        return s;
    }

    String matching(String key, String defaultValue, Pattern pattern, String what) {
        String s = defaultValue == null ? requiredString(key) : string(key, defaultValue);
        if (s != null && !pattern.matcher(s).matches()) {
            problem(key, "must be " + what + ", got '" + s + "'");
            return null;
        }
        return s;
    }

    Secret secret(String key, int minLength) {
        JsonNode v = raw(key);
        if (v == null) {
            problem(key, "is required");
            return null;
        }
        if (!v.isValueNode() || v.asText().length() < minLength) {
            // never echo the value of a secret
            problem(key, "must be a text of at least " + minLength + " characters");
            return null;
        }
        return new Secret(v.asText());
    }

    /** A credential a client presents to the agent: long enough and not guessable ({@link SecretPolicy}). */
    Secret strongSecret(String key, int minLength) {
        Secret s = secret(key, minLength);
        String weakness = s == null ? null : SecretPolicy.weakness(s.reveal(), minLength);
        if (weakness != null) {
            problem(key, weakness);
            return null;
        }
        return s;
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            problem(key, "must be a whole number from " + min + " to " + max);
            return defaultValue;
        }
        int i = v.intValue();
        if (i < min || i > max) {
            problem(key, "must be from " + min + " to " + max + ", got " + i);
        }
        return i;
    }

    /** A number (whole or decimal) from min to max; absent gives the default (which may be null). */
    Double decimal(String key, Double defaultValue, double min, double max) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            problem(key, "must be a number from " + min + " to " + max);
            return defaultValue;
        }
        double d = v.doubleValue();
        if (d < min || d > max) {
            problem(key, "must be from " + min + " to " + max + ", got " + d);
        }
        return d;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            problem(key, "must be true or false");
            return defaultValue;
        }
        return v.booleanValue();
    }

    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        String s = string(key, null);
        if (s == null) {
            return defaultValue;
        }
        Duration d = parseDuration(s);
        if (d == null) {
            problem(key, "must be a duration like 90s, 10m or 2h, got '" + s + "'");
            return defaultValue;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(key, "must be from " + Durations.format(min) + " to " + Durations.format(max) + ", got " + s);
        }
        return d;
    }

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    List<String> stringList(String key, Pattern itemPattern, String what) {
        JsonNode v = raw(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problem(key, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (!item.isValueNode() || !itemPattern.matcher(item.asText()).matches()) {
                problems.add(new ConfigProblem(p, "must be " + what));
            } else if (out.contains(item.asText())) {
                problems.add(new ConfigProblem(p, "'" + item.asText() + "' is listed twice"));
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A nested mapping; absent gives an empty node so defaults apply. */
    <T> T object(String key, Function<ConfigNode, T> reader) {
        JsonNode v = raw(key);
        if (v != null && !v.isObject()) {
            problem(key, "must be a mapping");
            v = null;
        }
        ConfigNode child = new ConfigNode(v == null ? JsonNodes.emptyObject() : v, pathOf(key), problems);
        T t = reader.apply(child);
        child.finish();
        return t;
    }

    <T> List<T> list(String key, Function<ConfigNode, T> reader) {
        JsonNode v = raw(key);
        List<T> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problem(key, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String p = pathOf(key) + "[" + i + "]";
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                problems.add(new ConfigProblem(p, "must be a mapping"));
                continue;
            }
            ConfigNode child = new ConfigNode(item, p, problems);
            T t = reader.apply(child);
            child.finish();
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Marks a key as known without reading it (read elsewhere, e.g. {@code defaults}). */
    void known(String key) {
        raw(key);
    }

    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                problem(k, "unknown key");
            }
        }
    }

    private boolean problemAt(String p) {
        return problems.stream().anyMatch(pr -> pr.path().equals(p));
    }
}
