package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.config.CloudConfig;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is valid YAML and names every call the client makes, every command, every stream. */
class CloudApiContractTest {
    @Test
    void theOpenApiDocumentCoversWhatTheClientAndTheFakeCloudDo() throws Exception {
        JsonNode api;
        try (InputStream in = getClass().getResourceAsStream("/openapi/cloud-api.yaml")) {
            api = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertThat(api.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        api.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/v1/devices/register", "/v1/devices/{deviceId}/credential",
                "/v1/outlets/{outletId}/config", "/v1/outlets/{outletId}/config/reports", "/v1/outlets/{outletId}/events",
                "/v1/outlets/{outletId}/heartbeat", "/v1/outlets/{outletId}/commands", "/v1/outlets/{outletId}/commands/{commandId}/result",
                "/v1/outlets/{outletId}/orders/feed", "/v1/releases/{file}");
        List<String> commands = new ArrayList<>();
        api.path("components").path("schemas").path("Command").path("properties").path("type").path("enum").forEach(n -> commands.add(n.asText()));
        assertThat(commands).containsExactlyElementsOf(CloudConfig.COMMANDS);
        List<String> statuses = new ArrayList<>();
        api.at("/paths/~1v1~1outlets~1{outletId}~1events/post/responses/200/content/application~1json/schema/properties/results/items/properties/status/enum")
                .forEach(n -> statuses.add(n.asText()));
        assertThat(statuses).containsExactly("ACCEPTED", "DUPLICATE", "REJECTED", "RETRY");
        assertThat(statuses).containsExactlyElementsOf(java.util.Arrays.stream(EventResult.Status.values()).map(Enum::name).toList());
    }
}
