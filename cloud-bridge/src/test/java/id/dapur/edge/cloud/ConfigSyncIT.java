package id.dapur.edge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSyncIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ConfigLoader LOADER = new ConfigLoader(Map.of());

    @TempDir
    Path dir;

    Vertx vertx;
    FakeCloud cloud;
    HttpCloudClient client;
    JsonNode local;
    final List<ConfigSync.Apply> applied = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        cloud = FakeCloud.start(vertx, false, 0, null);
        cloud.provisioningCode("code-config-1");
        local = YAML.readTree(Clouds.localYaml("jkt-01", "  url: " + cloud.url()));
        client = new HttpCloudClient(vertx, Clouds.cloud(cloud.url(), ""), "jkt-01");
        client.credential(
                client.register("code-config-1", Map.of("outletId", "jkt-01")).await(5, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() {
        cloud.close();
        vertx.close().await();
    }

    ConfigSync sync(JsonNode running) {
        return new ConfigSync(vertx, client, dir, LOADER, local, running, applied::add, Clock.systemUTC());
    }

    static JsonNode yaml(String s) throws Exception {
        return YAML.readTree(s);
    }

    @Test
    void aValidNewConfigurationIsSavedAsLastKnownGoodAndHandedOverAnUnchangedOneCostsA304() throws Exception {
        cloud.config(
                "jkt-01",
                "v1",
                yaml("kitchen: { amberAfter: 6m, redAfter: 12m }"),
                yaml(
                        "stations: [ { id: wok, name: Wok, categories: [wok] }, { id: bar, name: Bar, categories: [drinks] } ]"));
        ConfigSync sync = sync(local);

        assertThat(sync.check(false).await(5, TimeUnit.SECONDS)).isEqualTo(ConfigSync.Outcome.APPLYING);
        assertThat(applied).hasSize(1);
        assertThat(applied.get(0).version()).isEqualTo("v1");
        assertThat(applied.get(0).merged().config().stations()).hasSize(2);
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"version\":\"v1\"");
        assertThat(sync.check(false).await(5, TimeUnit.SECONDS)).isEqualTo(ConfigSync.Outcome.UNCHANGED);

        // the agent restarted on it: at start it reports APPLIED once
        ConfigSync after = sync(applied.get(0).merged().tree());
        after.start().await(5, TimeUnit.SECONDS);
        assertThat(after.appliedVersion()).isEqualTo("v1");
        assertThat(cloud.configReports())
                .extracting(
                        r -> r.path("status").asText() + " " + r.path("version").asText())
                .containsExactly("APPLIED v1");
        after.start().await(5, TimeUnit.SECONDS);
        assertThat(cloud.configReports()).hasSize(1);

        // and a later start with the cloud away runs on it
        assertThat(ConfigSync.startup(dir, LOADER, local))
                .get()
                .extracting(m -> m.config().stations().size())
                .isEqualTo(2);
    }

    @Test
    void anInvalidConfigurationIsReportedWithItsProblemsAndNeverApplied() throws Exception {
        cloud.config("jkt-01", "v1", yaml("kitchen: { amberAfter: 6m, redAfter: 12m }"), null);
        ConfigSync sync = sync(local);
        sync.check(false).await(5, TimeUnit.SECONDS);
        String good = Files.readString(dir.resolve("config.json"));

        cloud.config(
                "jkt-01",
                "v2",
                null,
                yaml("storage: { dir: /elsewhere }\nkitchen: { amberAfter: 20m, redAfter: 10m }"));
        assertThat(sync.check(false).await(5, TimeUnit.SECONDS)).isEqualTo(ConfigSync.Outcome.REJECTED);

        assertThat(applied).extracting(ConfigSync.Apply::version).containsExactly("v1");
        assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo(good);
        JsonNode report = cloud.configReports().get(cloud.configReports().size() - 1);
        assertThat(report.path("status").asText()).isEqualTo("REJECTED");
        assertThat(report.path("version").asText()).isEqualTo("v2");
        assertThat(report.path("problems").findValuesAsText("path")).contains("outlet.storage");
        // fetched again unchanged: not rejected (nor reported) twice
        int reports = cloud.configReports().size();
        assertThat(sync.check(false).await(5, TimeUnit.SECONDS)).isEqualTo(ConfigSync.Outcome.UNCHANGED);
        assertThat(cloud.configReports()).hasSize(reports);
        assertThat(ConfigSync.startup(dir, LOADER, local))
                .get()
                .extracting(m -> m.config().kitchen().amberAfter().toMinutes())
                .isEqualTo(6L);
    }

    @Test
    void aVersionTheAgentCouldNotStartOnIsRolledBackAndReportedFailed() throws Exception {
        cloud.config("jkt-01", "v1", yaml("kitchen: { amberAfter: 6m, redAfter: 12m }"), null);
        ConfigSync sync = sync(local);
        sync.check(false).await(5, TimeUnit.SECONDS);
        cloud.config("jkt-01", "v2", yaml("kitchen: { amberAfter: 7m, redAfter: 12m }"), null);
        sync.check(false).await(5, TimeUnit.SECONDS);

        applied.get(1).failedToStart().run(); // what the host does when the agent will not start on v2

        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"version\":\"v1\"");
        ConfigSync restarted = sync(applied.get(0).merged().tree());
        restarted.start().await(5, TimeUnit.SECONDS);
        assertThat(cloud.configReports())
                .extracting(
                        r -> r.path("status").asText() + " " + r.path("version").asText())
                .contains("FAILED v2");
        assertThat(restarted.check(false).await(5, TimeUnit.SECONDS)).isEqualTo(ConfigSync.Outcome.UNCHANGED);
    }
}
