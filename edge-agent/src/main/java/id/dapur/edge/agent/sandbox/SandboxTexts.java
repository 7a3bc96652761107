package id.dapur.edge.agent.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How the sandbox writes what it saw: schema problems in plain words, JSON in a canonical form, counts. */
final class SandboxTexts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxTexts() {}

    /** A schema problem in plain words: {@code /items/0/qty: must have...} becomes {@code items[0].qty must have...}. */
    static List<String> plain(List<String> schemaProblems) {
        List<String> out = new ArrayList<>();
        for (String p : schemaProblems) {
            int colon = p.indexOf(": ");
            if (colon < 0) {
                out.add(p);
                continue;
            }
            String where = path(p.substring(0, colon));
            String what = p.substring(colon + 2);
            if (what.startsWith(p.substring(0, colon) + " ")) { // a validator that repeats the location in its message
                what = what.substring(colon + 1);
            }
            out.add(where + " " + what);
        }
        return out;
    }

    /** A JSON pointer ({@code /items/0/qty}) as a reader writes it ({@code items[0].qty}); the root is "the message". */
    static String path(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
            return "the message";
        }
        if (pointer.startsWith("$.")) {
            return pointer.substring(2);
        }
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/")) {
            String key = part.replace("~1", "/").replace("~0", "~");
            if (key.matches("\\d+")) {
                b.append('[').append(key).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(key);
            }
        }
        return b.toString();
    }

    /** The JSON with object keys sorted: equal for two sends of the same order whatever order their keys came in. */
    static String canonical(JsonNode n) {
        StringBuilder b = new StringBuilder();
        canonical(n, b);
        return b.toString();
    }

    private static void canonical(JsonNode n, StringBuilder b) {
        if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            boolean firstField = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!firstField) {
                    b.append(',');
                }
                firstField = false;
                b.append(JSON.getNodeFactory().textNode(e.getKey())).append(':');
                canonical(e.getValue(), b);
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                canonical(n.get(i), b);
            }
            b.append(']');
        } else if (n.isNumber()) {
            b.append(n.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            b.append(n);
        }
    }

    /** What makes two orders the same meal for the same guests: everything but the id and the time it was placed. */
    static String look(JsonNode order) {
        ObjectNode copy = order.deepCopy();
        copy.remove("orderId");
        copy.remove("placedAt");
        return canonical(copy);
    }

    /** "1 order was" or "n orders were". */
    static String were(long n) {
        return n == 1 ? "1 order was" : n + " orders were";
    }

    static String orders(long n) {
        return n == 1 ? "1 order" : n + " orders";
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
