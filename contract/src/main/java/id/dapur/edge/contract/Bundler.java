package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes an OpenAPI document that refers to schema files ({@code ./schemas/ticket.schema.json})
 * self-contained: each file becomes {@code components/schemas/<file stem>} and every reference,
 * in the document and between the files, a local one. What a client downloads from the agent then
 * needs nothing else.
 */
final class Bundler {
    private Bundler() {}

    static JsonNode bundle(JsonNode document, Function<String, JsonNode> readSchemaFile) {
        ObjectNode out = document.deepCopy();
        ObjectNode components =
                out.has("components") ? (ObjectNode) out.get("components") : out.putObject("components");
        ObjectNode schemas =
                components.has("schemas") ? (ObjectNode) components.get("schemas") : components.putObject("schemas");
        Deque<String> pending = new ArrayDeque<>();
        rewrite(out, null, pending);
        while (!pending.isEmpty()) {
            String file = pending.poll();
            String stem = stem(file);
            if (schemas.has(stem)) {
                continue;
            }
            ObjectNode schema = readSchemaFile.apply(file).deepCopy();
            schema.remove("$id");
            schema.remove("$schema");
            schemas.set(stem, schema);
            rewrite(schema, stem, pending);
        }
        return out;
    }

    /** Rewrites the {@code $ref}s under {@code node}; {@code inFile} is the stem of the schema file it came from, or null. */
    private static void rewrite(JsonNode node, String inFile, Deque<String> pending) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual()) {
                o.set("$ref", new TextNode(local(ref.asText(), inFile, pending)));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                rewrite(it.next().getValue(), inFile, pending);
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(n -> rewrite(n, inFile, pending));
        }
    }

    private static String local(String ref, String inFile, Deque<String> pending) {
        int hash = ref.indexOf('#');
        String file = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        if (file.isEmpty()) {
            return inFile == null ? ref : "#/components/schemas/" + inFile + pointer;
        }
        String name = file.startsWith("./") ? file.substring(2) : file;
        if (name.startsWith("schemas/")) {
            name = name.substring("schemas/".length());
        }
        pending.add(name);
        return "#/components/schemas/" + stem(name) + pointer;
    }

    private static String stem(String file) {
        return file.endsWith(".schema.json") ? file.substring(0, file.length() - ".schema.json".length()) : file;
    }
}
