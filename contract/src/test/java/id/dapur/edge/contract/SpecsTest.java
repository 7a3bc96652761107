package id.dapur.edge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The specs are what they claim to be, checked by tools this project did not write: every schema
 * against the JSON Schema 2020-12 meta-schema, the OpenAPI documents (as written, and as the agent
 * serves the local one) by swagger-parser. The AsyncAPI document is checked by AsyncAPI's own parser
 * (src/test/js, run by Maven with Node).
 */
class SpecsTest {
    static final Path DIR = Path.of(".");

    static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR.resolve("schemas"))) {
            return s.filter(p -> p.toString().endsWith(".schema.json")).sorted().toList();
        }
    }

    @Test
    void everySchemaIsAValid2020_12SchemaWithItsIdAndNameAndEveryReferenceResolves() throws IOException {
        SchemaRegistry meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema metaSchema = meta.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        List<Path> files = schemaFiles();
        assertThat(files).hasSizeGreaterThan(20);
        for (Path f : files) {
            JsonNode schema = Contract.JSON.readTree(f.toFile());
            assertThat(metaSchema.validate(schema))
                    .as(f + " against the 2020-12 meta-schema")
                    .isEmpty();
            String name = f.getFileName().toString();
            assertThat(schema.path("$id").asText()).isEqualTo(Contract.BASE + "schemas/" + name);
            assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            // loading it through the contract resolves every $ref (a dangling one throws here)
            Contract.get()
                    .schema(name.substring(0, name.length() - ".schema.json".length()))
                    .initializeValidators();
        }
    }

    /**
     * Both OpenAPI documents, self-contained (every schema file inlined, as the agent serves the local
     * one), parse and resolve every reference without a message. (swagger-parser cannot follow a
     * {@code #/$defs/...} reference inside an external schema file, so the documents as written are
     * checked for structure only.)
     */
    @Test
    void theOpenApiDocumentsParseAndResolveWithoutAProblem() throws IOException {
        for (String doc : new String[] {"openapi.yaml", "cloud-api.yaml"}) {
            ParseOptions asWritten = new ParseOptions();
            asWritten.setResolve(false);
            SwaggerParseResult w = new OpenAPIV3Parser()
                    .readLocation(DIR.resolve(doc).toAbsolutePath().toUri().toString(), null, asWritten);
            assertThat(w.getMessages()).as(doc + " as written").isEmpty();

            String json = Contract.JSON.writeValueAsString(Contract.get().bundled(doc));
            assertThat(json)
                    .as("no reference outside the document")
                    .doesNotContain("\"$ref\":\"./")
                    .doesNotContain("\"$ref\":\"schemas/");
            Path f = Files.createTempFile("bundled", ".json");
            Files.writeString(f, json);
            ParseOptions full = new ParseOptions();
            full.setResolve(true);
            full.setResolveFully(true);
            SwaggerParseResult r = new OpenAPIV3Parser().readLocation(f.toUri().toString(), null, full);
            assertThat(r.getMessages()).as(doc + " bundled").isEmpty();
            assertThat(r.getOpenAPI().getOpenapi()).startsWith("3.1");
            assertThat(r.getOpenAPI().getInfo().getVersion())
                    .isEqualTo(Contract.get().version());
        }
    }

    @Test
    void theServedDocumentIsTheBundledLocalOne() throws IOException {
        JsonNode served = Contract.JSON.readTree(Contract.get().openApiJson());
        assertThat(served).isEqualTo(Contract.get().bundled("openapi.yaml"));
        assertThat(served.path("components").path("schemas").fieldNames())
                .toIterable()
                .contains("order", "ticket", "error", "api", "common");
        assertThat(new String(Contract.get().openApiJson(), StandardCharsets.UTF_8))
                .doesNotContain("\"$ref\" : \"./");
    }

    @Test
    void theSampleEventsAreOneOfEachTypeAndEachAsTheCloudApiSays() {
        Set<String> types = new TreeSet<>();
        long seq = 1;
        for (JsonNode e : CloudCalls.sampleEvents()) {
            ObjectNode event = ((ObjectNode) e.deepCopy());
            event.put("key", "sample:" + seq).put("seq", seq++).put("at", "2026-12-06T12:00:00Z");
            assertThat(Contract.get().validate("cloud-api.yaml#/components/schemas/Event", event))
                    .as(e.path("type").asText())
                    .isEmpty();
            types.add(e.path("type").asText());
        }
        Set<String> all = new TreeSet<>();
        Contract.get().cloudApi().at("/components/schemas/EventType/enum").forEach(n -> all.add(n.asText()));
        assertThat(types).isEqualTo(all);
        ObjectNode wrong = (ObjectNode) CloudCalls.sampleEvents().get(0).deepCopy();
        wrong.put("key", "k").put("seq", 1).put("at", "2026-12-06T12:00:00Z").put("stream", "readings");
        assertThat(Contract.get().validate("cloud-api.yaml#/components/schemas/Event", wrong))
                .as("an ORDER on the readings stream")
                .isNotEmpty();
    }

    @Test
    void anAnswerIsHeldToTheStatusesAndSchemasOfItsCall() {
        assertThat(CloudCalls.answer(
                        "POST",
                        "/api/v1/outlets/x/heartbeat",
                        200,
                        "application/json",
                        "{\"serverTime\":\"2026-12-06T12:00:00Z\"}"))
                .isEmpty();
        assertThat(CloudCalls.answer(
                        "POST", "/api/v1/outlets/x/heartbeat", 200, "application/json", "{\"serverTime\":42}"))
                .singleElement()
                .asString()
                .contains("serverTime");
        assertThat(CloudCalls.answer("POST", "/api/v1/outlets/x/heartbeat", 202, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("status 202 is not an answer of this call");
        assertThat(CloudCalls.answer("POST", "/api/v1/outlets/x/events", 200, "text/html", "<html>"))
                .contains("the answer is text/html, not application/json", "the body is not JSON");
        assertThat(CloudCalls.answer("GET", "/api/v1/outlets/x/commands", 204, null, ""))
                .isEmpty();
        assertThat(CloudCalls.shape("POST", "/api/v1/outlets/x/events")).isEqualTo("/v1/outlets/{outletId}/events");
    }

    @Test
    void theVersionIsOneVersionEverywhere() throws IOException {
        String v = Contract.get().version();
        assertThat(v).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(Contract.get().asyncApi().path("info").path("version").asText())
                .isEqualTo(v);
        assertThat(Contract.get().cloudApi().path("info").path("version").asText())
                .isEqualTo(v);
        assertThat(Files.readString(DIR.resolve("README.md"))).contains("**Version " + v + "**");
        assertThat(Files.readString(DIR.resolve("CHANGELOG.md"))).contains("## " + v + " ");
    }

    @Test
    void everySchemaFileIsUsedByASpecOrAnotherSchema() throws IOException {
        List<String> unused = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String doc : new String[] {"openapi.yaml", "asyncapi.yaml", "cloud-api.yaml"}) {
            all.append(Files.readString(DIR.resolve(doc)));
        }
        for (Path f : schemaFiles()) {
            all.append(Files.readString(f).replace(f.getFileName().toString(), ""));
        }
        for (Path f : schemaFiles()) {
            if (!all.toString().contains(f.getFileName().toString())) {
                unused.add(f.getFileName().toString());
            }
        }
        assertThat(unused).as("schemas no spec refers to").isEmpty();
    }
}
