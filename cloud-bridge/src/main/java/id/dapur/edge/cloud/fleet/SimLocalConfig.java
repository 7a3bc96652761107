package id.dapur.edge.cloud.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLayers;
import id.dapur.edge.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The local configuration of a simulated outlet: what the configuration from the cloud is merged over. */
final class SimLocalConfig {
    private SimLocalConfig() {}

    /** The agent's local configuration an outlet would have: what configuration from the cloud is merged over. */
    static JsonNode tree(String outletId, Path dir) {
        String yaml = """
                outlet: { id: "%s", tenant: fleet-sim }
                mqtt:
                  embedded: { port: 1883 }
                  accounts: [ { username: pos-1, password: "fleet-sim-pos-password", role: pos } ]
                http:
                  port: 8080
                  tokens: [ { token: "fleet-sim-admin-token-0123", role: admin } ]
                storage: { dir: "%s" }
                stations:
                  - { id: kitchen, name: Kitchen, categories: [food] }
                  - { id: bar, name: Bar, categories: [drinks] }
                """.formatted(outletId, dir.resolve("data").toString().replace("\\", "/"));
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the local configuration is valid on its own (it must be, for the simulation to mean anything). */
    static Optional<String> check(String outletId, Path dir) {
        try {
            ConfigLayers.merge(new ConfigLoader(Map.of()), tree(outletId, dir), null, null);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e.problems().get(0).toString());
        }
    }
}
