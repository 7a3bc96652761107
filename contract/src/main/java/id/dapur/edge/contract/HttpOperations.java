package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The routes of the local OpenAPI document: each operation's method and path template, the roles
 * that may call it ({@code x-dapur-roles}; empty for a route that needs no token), and where the
 * schema of each of its responses is.
 */
public final class HttpOperations {
    /** A schema written in a document: its relative references resolve against the document's place. */
    public record Located(String document, String pointer) {
        /** As {@link Contract#validate(String, JsonNode)} names a schema. */
        public String name() {
            return document + "#" + pointer;
        }
    }

    /** One route. {@code path} as written in the document ({@code /api/v1/orders/{orderId}}). */
    public record Operation(
            String document,
            JsonNode root,
            String method,
            String path,
            Pattern pattern,
            List<String> roles,
            JsonNode node) {
        /**
         * The schema location of the response with this status and content type, for
         * {@link Contract#validate}; empty when the document gives that response no schema, and an
         * exception when it does not name that status (nor {@code default}) at all.
         */
        public Optional<Located> responseSchema(int status, String contentType) {
            JsonNode responses = node.path("responses");
            String code = responses.has(Integer.toString(status))
                    ? Integer.toString(status)
                    : responses.has(status / 100 + "XX")
                            ? status / 100 + "XX"
                            : responses.has("default") ? "default" : null;
            if (code == null) {
                throw new IllegalArgumentException(
                        method + " " + path + " has no response " + status + " in the contract");
            }
            String at = pointerOf(
                    responses.path(code), pointer("paths", path, method.toLowerCase(Locale.ROOT), "responses", code));
            String type =
                    contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            String schema = at + pointer("content", type, "schema");
            return root.at(schema).isMissingNode() ? Optional.empty() : Optional.of(new Located(document, schema));
        }

        /** The statuses the document names for this operation (a {@code 4XX} range or {@code default} is not listed). */
        public List<Integer> statuses() {
            List<Integer> out = new ArrayList<>();
            node.path("responses").fieldNames().forEachRemaining(c -> {
                if (c.matches("\\d{3}")) {
                    out.add(Integer.parseInt(c));
                }
            });
            return out;
        }

        /** Whether the document names this status as an answer (itself, its range, or {@code default}). */
        public boolean answers(int status) {
            JsonNode r = node.path("responses");
            return r.has(Integer.toString(status)) || r.has(status / 100 + "XX") || r.has("default");
        }

        /** The schema of the JSON request body, or empty when the operation takes none. */
        public Optional<Located> requestSchema() {
            String at = pointerOf(
                    node.path("requestBody"), pointer("paths", path, method.toLowerCase(Locale.ROOT), "requestBody"));
            String schema = at + pointer("content", "application/json", "schema");
            return root.at(schema).isMissingNode() ? Optional.empty() : Optional.of(new Located(document, schema));
        }

        /** Where a response or body is: its own place, or the component its {@code $ref} names. */
        private String pointerOf(JsonNode n, String own) {
            String ref = n.path("$ref").asText(null);
            return ref != null && ref.startsWith("#/") ? ref.substring(1) : own;
        }

        /** The content types the document gives the response with this status. */
        private JsonNode resolve(JsonNode n) {
            String ref = n.path("$ref").asText(null);
            return ref != null && ref.startsWith("#/") ? root.at(ref.substring(1)) : n;
        }

        /** The content types the document gives the response with this status. */
        public List<String> contentTypes(int status) {
            JsonNode responses = node.path("responses");
            JsonNode r = resolve(
                    responses.has(Integer.toString(status))
                            ? responses.path(Integer.toString(status))
                            : responses.path("default"));
            List<String> out = new ArrayList<>();
            r.path("content").fieldNames().forEachRemaining(out::add);
            return out;
        }
    }

    private final List<Operation> operations = new ArrayList<>();

    private final boolean suffix;

    /** {@code suffix}: a request path may have more in front of the document's (the cloud's base URL path). */
    HttpOperations(String document, JsonNode openApi, boolean suffix) {
        this.suffix = suffix;
        for (Iterator<Map.Entry<String, JsonNode>> p = openApi.path("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                List<String> roles = new ArrayList<>();
                op.getValue().path("x-dapur-roles").forEach(r -> roles.add(r.asText()));
                operations.add(new Operation(
                        document,
                        openApi,
                        op.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(),
                        pattern((suffix ? ".*" : "") + path.getKey(), false),
                        roles,
                        op.getValue()));
            }
        }
    }

    static Pattern pattern(String template, boolean greedy) {
        StringBuilder sb = new StringBuilder();
        String t = template;
        if (t.startsWith(".*")) {
            sb.append(".*");
            t = t.substring(2);
        }
        for (String part : t.split("(?=\\{)|(?<=})")) {
            sb.append(part.startsWith("{") && part.endsWith("}") ? greedy ? ".+" : "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(sb.toString());
    }

    public List<Operation> all() {
        return List.copyOf(operations);
    }

    /**
     * The operation a request is for: {@code path} without its query, as sent (percent-encoded). A
     * parameter matches one path segment; failing that, one that holds a slash (a ticket id written
     * plain, {@code POS1-1/wok}).
     */
    public Optional<Operation> of(String method, String path) {
        for (boolean greedy : new boolean[] {false, true}) {
            for (Operation o : operations) {
                if (o.method().equalsIgnoreCase(method)
                        && (greedy ? pattern((suffix ? ".*" : "") + o.path(), true) : o.pattern())
                                .matcher(path)
                                .matches()) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }

    /** A JSON pointer from its unescaped parts. */
    static String pointer(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append('/').append(p.replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }
}
