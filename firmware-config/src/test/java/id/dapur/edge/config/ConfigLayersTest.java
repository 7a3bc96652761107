package id.dapur.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLayersTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ConfigLoader LOADER = new ConfigLoader(Map.of("SECRET", "s3cr3t-value"));

    static JsonNode yaml(String s) throws Exception {
        return YAML.readTree(s);
    }

    static final String LOCAL = """
            outlet: { id: jkt-01, tenant: bedagang }
            mqtt:
              embedded: { port: 1883 }
              accounts: [ { username: pos-1, password: "pos-password-1", role: pos } ]
            http:
              port: 8080
              tokens: [ { token: "admin-token-123456", role: admin } ]
            storage: { dir: ./data }
            kitchen: { amberAfter: 8m, redAfter: 15m }
            stations:
              - { id: wok, name: Wok, categories: [wok] }
            cloud: { url: "https://cloud.example.com/api" }
            """;

    @Test
    void partnerDefaultsThenOutletOverridesGoOverTheLocalFileOutletWins() throws Exception {
        JsonNode partner = yaml("""
                kitchen: { amberAfter: 6m, redAfter: 12m }
                stations:
                  - { id: wok, name: Wok, categories: [wok, rice] }
                  - { id: bar, name: Bar, categories: [drinks] }
                haccp: { jurisdiction: us-food-code }
                """);
        JsonNode outlet = yaml("""
                kitchen: { redAfter: 20m }
                haccp: { jurisdiction: id-bpom }
                """);

        ConfigLayers.Merged m = ConfigLayers.merge(LOADER, yaml(LOCAL), partner, outlet);

        assertThat(m.config().kitchen().amberAfter()).hasMinutes(6);
        assertThat(m.config().kitchen().redAfter()).hasMinutes(20);
        assertThat(m.config().stations()).extracting(StationConfig::id).containsExactly("wok", "bar");
        assertThat(m.config().haccp().jurisdiction()).isEqualTo("id-bpom");
        assertThat(m.config().outlet().id()).isEqualTo("jkt-01");
        assertThat(m.tree()
                        .path("mqtt")
                        .path("accounts")
                        .get(0)
                        .path("username")
                        .asText())
                .isEqualTo("pos-1");
    }

    @Test
    void theCloudMayNotSetLocalOnlyKeysNorPlaceholdersAndEveryProblemIsNamed() throws Exception {
        JsonNode partner = yaml("""
                storage: { dir: /tmp/elsewhere }
                cloud: { url: "https://evil.example.com/api" }
                """);
        JsonNode outlet = yaml("""
                outlet: { id: sby-09 }
                stations:
                  - { id: wok, name: "${SECRET}", categories: [wok] }
                """);

        assertThatThrownBy(() -> ConfigLayers.merge(LOADER, yaml(LOCAL), partner, outlet))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .containsExactlyInAnyOrder(
                                        "partner.storage",
                                        "partner.cloud",
                                        "outlet.outlet.id",
                                        "outlet.stations[0].name"));
    }

    @Test
    void anInvalidMergeIsRefusedWithThePathOfTheProblem() throws Exception {
        JsonNode outlet = yaml("""
                defaultStation: grill
                kitchen: { amberAfter: 20m, redAfter: 10m }
                """);
        assertThatThrownBy(() -> ConfigLayers.merge(LOADER, yaml(LOCAL), null, outlet))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .contains("defaultStation", "stations[0].redAfter"));
    }
}
