package id.dapur.edge.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.agent.testsupport.HostedAgent;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configuration from the back office: applied without a process restart, an invalid one refused, the last good one kept. */
@Timeout(120)
class CloudConfigIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    static JsonNode yaml(String s) throws Exception {
        return YAML.readTree(s);
    }

    static int grillStatus(TestConfig c) {
        return new Http(c.http(), TestConfig.ADMIN_TOKEN)
                .get("/api/v1/stations/grill/tickets")
                .status();
    }

    @Test
    void aValidConfigurationIsAppliedInPlaceAnInvalidOneIsRefusedAndTheLastGoodOneOutlivesTheCloud() throws Exception {
        TestConfig c = TestConfig.embedded(dir);
        Path file;
        try (FakeCloud cloud = FakeCloud.start()) {
            cloud.provisioningCode("code-config-01");
            // the partner adds a grill station for all its outlets; this outlet stretches its red time
            cloud.config("jkt-01", "v1", yaml("""
                    stations:
                      - { id: wok, name: Wok, categories: [wok, rice] }
                      - { id: grill, name: Grill, categories: [grill] }
                      - { id: bar, name: Drinks, categories: [drinks] }
                      - { id: expo, name: Expo, expo: true }
                    """), yaml("kitchen: { redAfter: 25m }"));
            file = c.write(TestConfig.cloudYaml(cloud.url(), "code-config-01")
                    .replace("  heartbeatInterval: 1s", "  heartbeatInterval: 1s\n  configPollInterval: 1h"));
            assertThat(new ConfigLoader(Map.of()).load(file).station("grill"))
                    .as("not in the local file")
                    .isEmpty();
            try (HostedAgent agent = HostedAgent.start(file).awaitReady()) {

                // WHEN the agent fetches v1 THEN it restarts its services on it, in this process
                Awaitility.await("v1 applied")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> agent.host().reloads() == 1);
                agent.awaitReady();
                assertThat(grillStatus(c)).isEqualTo(200);
                assertThat(agent.agent().options().config().kitchen().redAfter())
                        .hasMinutes(25);
                Awaitility.await("APPLIED reported")
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> cloud.configReports().stream()
                                .anyMatch(r -> r.path("status").asText().equals("APPLIED")
                                        && r.path("version").asText().equals("v1")));
                assertThat(new Http(c.http(), TestConfig.POS_TOKEN)
                                .post("/api/v1/orders", Orders.json("AFTER-V1"))
                                .status())
                        .isEqualTo(201);

                // WHEN the back office publishes an invalid v2 (a key only the device may set, red before amber)
                cloud.config(
                        "jkt-01",
                        "v2",
                        null,
                        yaml("storage: { dir: /tmp/elsewhere }\nkitchen: { amberAfter: 30m, redAfter: 25m }"));
                // THEN the heartbeat's answer names v2, the agent fetches it, refuses it with every problem, and keeps
                // v1
                Awaitility.await("v2 rejected")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> cloud.configReports().stream()
                                .anyMatch(r -> r.path("status").asText().equals("REJECTED")
                                        && r.path("version").asText().equals("v2")));
                JsonNode report = cloud.configReports().stream()
                        .filter(r -> r.path("version").asText().equals("v2"))
                        .findFirst()
                        .orElseThrow();
                assertThat(report.path("problems").findValuesAsText("path")).contains("outlet.storage");
                assertThat(agent.host().reloads()).isEqualTo(1);
                assertThat(grillStatus(c)).isEqualTo(200);
                JsonNode status = new Http(c.http(), TestConfig.ADMIN_TOKEN)
                        .get("/api/v1/cloud")
                        .json();
                assertThat(status.path("configVersion").asText()).isEqualTo("v1");
                assertThat(Files.readString(c.dir().resolve("data/cloud/config.json")))
                        .contains("\"version\":\"v1\"");
            }
        }
        // WHEN the agent starts again with the cloud gone THEN it runs on v1, the last known good
        try (HostedAgent agent = HostedAgent.start(file).awaitReady()) {
            assertThat(grillStatus(c)).isEqualTo(200);
            assertThat(new Http(c.http(), TestConfig.ADMIN_TOKEN)
                            .get("/api/v1/orders/AFTER-V1")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aValidConfigurationTheAgentCannotStartOnIsRolledBackAndReportedFailed() throws Exception {
        TestConfig c = TestConfig.embedded(dir);
        try (FakeCloud cloud = FakeCloud.start();
                ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            cloud.provisioningCode("code-config-02");
            // valid as configuration, but its HTTP port is taken on this machine
            cloud.config("jkt-01", "v1", null, yaml("http: { port: " + busy.getLocalPort() + " }"));
            Path file = c.write(TestConfig.cloudYaml(cloud.url(), "code-config-02"));
            try (HostedAgent agent = HostedAgent.start(file).awaitReady()) {
                Awaitility.await("FAILED reported")
                        .atMost(Duration.ofSeconds(40))
                        .until(() -> cloud.configReports().stream()
                                .anyMatch(r -> r.path("status").asText().equals("FAILED")
                                        && r.path("version").asText().equals("v1")));
                agent.awaitReady();
                assertThat(agent.host().reloads()).isZero();
                assertThat(agent.agent().options().config().http().port()).isEqualTo(c.httpPort());
                assertThat(new Http(c.http(), TestConfig.POS_TOKEN)
                                .post("/api/v1/orders", Orders.json("AFTER-FAIL"))
                                .status())
                        .isEqualTo(201);
                assertThat(c.dir().resolve("data/cloud/config.json")).doesNotExist();
            }
        }
    }
}
