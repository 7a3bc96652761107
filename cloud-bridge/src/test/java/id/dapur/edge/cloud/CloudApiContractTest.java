package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.contract.Contract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cloud API (contract/cloud-api.yaml) names every call the client makes, every command, every
 * result status and every event type, with each type on its stream, and nothing the code does not.
 */
class CloudApiContractTest {
    @Test
    void theOpenApiDocumentCoversWhatTheClientAndTheFakeCloudDo() throws Exception {
        JsonNode api = Contract.get().cloudApi();
        assertThat(api.path("openapi").asText()).startsWith("3.1");
        List<String> paths = new ArrayList<>();
        api.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths)
                .containsExactlyInAnyOrder(
                        "/v1/devices/register",
                        "/v1/devices/{deviceId}/credential",
                        "/v1/outlets/{outletId}/config",
                        "/v1/outlets/{outletId}/config/reports",
                        "/v1/outlets/{outletId}/events",
                        "/v1/outlets/{outletId}/heartbeat",
                        "/v1/outlets/{outletId}/commands",
                        "/v1/outlets/{outletId}/commands/{commandId}/result",
                        "/v1/outlets/{outletId}/orders/feed",
                        "/v1/releases/{file}");
        List<String> commands = new ArrayList<>();
        api.path("components").path("schemas").path("CommandType").path("enum").forEach(n -> commands.add(n.asText()));
        assertThat(commands).containsExactlyElementsOf(CloudConfig.COMMANDS);
        List<String> statuses = new ArrayList<>();
        api.at(
                        "/paths/~1v1~1outlets~1{outletId}~1events/post/responses/200/content/application~1json/schema/properties/results/items/properties/status/enum")
                .forEach(n -> statuses.add(n.asText()));
        assertThat(statuses).containsExactly("ACCEPTED", "DUPLICATE", "REJECTED", "RETRY");
        assertThat(statuses)
                .containsExactlyElementsOf(Arrays.stream(EventResult.Status.values())
                        .map(Enum::name)
                        .toList());
    }

    @Test
    void everyEventTypeIsNamedWithItsStreamAndItsPayloadsSchema() {
        JsonNode schemas = Contract.get().cloudApi().path("components").path("schemas");
        List<String> types = new ArrayList<>();
        schemas.path("EventType").path("enum").forEach(n -> types.add(n.asText()));
        assertThat(types)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(CloudEventType.values()).map(Enum::name).toList());
        List<String> streams = new ArrayList<>();
        schemas.path("Event").path("properties").path("stream").path("enum").forEach(n -> streams.add(n.asText()));
        for (CloudEventType t : CloudEventType.values()) {
            JsonNode rule = null;
            for (JsonNode r : schemas.path("Event").path("allOf")) {
                if (r.path("if")
                        .path("properties")
                        .path("type")
                        .path("const")
                        .asText()
                        .equals(t.name())) {
                    rule = r.path("then").path("properties");
                }
            }
            assertThat(rule).as(t + " has a rule in Event").isNotNull();
            assertThat(rule.path("stream").path("const").asText())
                    .as(t + "'s stream")
                    .isEqualTo(t.stream());
            assertThat(rule.path("payload").path("$ref").asText())
                    .as(t + "'s payload schema")
                    .startsWith("./schemas/");
            assertThat(streams).contains(t.stream());
        }
    }
}
