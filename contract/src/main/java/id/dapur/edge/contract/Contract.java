package id.dapur.edge.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public contract as it ships in the jar ({@code contract/} on the class path, the repository's
 * {@code contract/} folder): its version, the OpenAPI documents of the local HTTP API and of the
 * cloud API, the AsyncAPI document of the MQTT topics, and the JSON Schemas (2020-12) of every
 * payload, with a validator (networknt json-schema-validator) for any of them. Loaded once, on first
 * use; thread-safe.
 */
public final class Contract {
    /** The base of every schema's {@code $id}; it maps to {@code contract/} on the class path. */
    public static final String BASE = "https://dapur.id/contract/";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private static final class Holder {
        static final Contract INSTANCE = new Contract();
    }

    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final JsonNode openApi;
    private final JsonNode asyncApi;
    private final JsonNode cloudApi;
    private final MqttChannels channels;
    private final HttpOperations operations;
    private final HttpOperations cloudOperations;
    private volatile byte[] bundledOpenApi;

    private Contract() {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        // JSON Schema 2020-12; the OpenAPI and AsyncAPI words around a schema (and x-dapur-*) are annotations, not
        // errors
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .unknownKeywordFactory((k, c) -> new AnnotationKeyword(k))
                .build();
        registry = SchemaRegistry.withDefaultDialect(
                dialect,
                b -> b.schemaRegistryConfig(config).schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:contract/")));
        openApi = document("openapi.yaml");
        asyncApi = document("asyncapi.yaml");
        cloudApi = document("cloud-api.yaml");
        channels = new MqttChannels(asyncApi);
        operations = new HttpOperations("openapi.yaml", openApi, false);
        cloudOperations = new HttpOperations("cloud-api.yaml", cloudApi, true);
    }

    /** The contract in this jar. */
    public static Contract get() {
        return Holder.INSTANCE;
    }

    /** The contract's version (semver): {@code info.version} of its OpenAPI and AsyncAPI documents. */
    public String version() {
        return openApi.path("info").path("version").asText();
    }

    public JsonNode openApi() {
        return openApi;
    }

    public JsonNode asyncApi() {
        return asyncApi;
    }

    public JsonNode cloudApi() {
        return cloudApi;
    }

    /** The MQTT topics of the AsyncAPI document. */
    public MqttChannels channels() {
        return channels;
    }

    /** The routes of the local OpenAPI document. */
    public HttpOperations operations() {
        return operations;
    }

    /** The calls of the cloud API (a request path matches by its end: the cloud's base URL may have a path). */
    public HttpOperations cloudOperations() {
        return cloudOperations;
    }

    /**
     * Validates {@code value} against a schema named by its file and an optional JSON pointer:
     * {@code "ticket"}, {@code "menu-availability#/$defs/Change"}, or a location in a document,
     * {@code "openapi.yaml#/components/schemas/X"}. Returns every problem, each as
     * "{@code <instance path>: <message>}"; empty when it is valid.
     */
    public List<String> validate(String schema, JsonNode value) {
        return problems(schema(schema).validate(value));
    }

    /** Validates {@code value} against a schema written in one of the contract's documents. */
    public List<String> validate(HttpOperations.Located schema, JsonNode value) {
        return validate(schema.name(), value);
    }

    /** The schema named as {@link #validate} names it. */
    public Schema schema(String name) {
        return schemas.computeIfAbsent(name, n -> registry.getSchema(SchemaLocation.of(location(n))));
    }

    static String location(String name) {
        int hash = name.indexOf('#');
        String file = hash < 0 ? name : name.substring(0, hash);
        String pointer = hash < 0 ? "" : name.substring(hash);
        if (!file.contains(".")) {
            file = "schemas/" + file + ".schema.json";
        }
        return BASE + file + pointer;
    }

    static List<String> problems(List<Error> errors) {
        List<String> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    /** The local OpenAPI document with every schema it references inlined: what {@code /api/v1/openapi.json} serves. */
    public byte[] openApiJson() {
        byte[] b = bundledOpenApi;
        if (b == null) {
            try {
                b = JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(Bundler.bundle(openApi, Contract::readSchemaFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundledOpenApi = b;
        }
        return b.clone();
    }

    /** A document of the contract with every schema it references inlined (see {@link #openApiJson()}). */
    public JsonNode bundled(String name) {
        return Bundler.bundle(document(name), Contract::readSchemaFile);
    }

    static JsonNode document(String name) {
        try (InputStream in = Contract.class.getResourceAsStream("/contract/" + name)) {
            if (in == null) {
                throw new IllegalStateException("contract/" + name + " is not on the class path");
            }
            return (name.endsWith(".json") ? JSON : YAML).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readSchemaFile(String file) {
        return document("schemas/" + file);
    }

    /** A JSON object from text, or empty if the text is not one. */
    public static Optional<JsonNode> parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
