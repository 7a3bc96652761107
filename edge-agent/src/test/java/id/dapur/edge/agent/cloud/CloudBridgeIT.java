package id.dapur.edge.agent.cloud;

import static id.dapur.edge.agent.testsupport.TestConfig.ADMIN_TOKEN;
import static id.dapur.edge.agent.testsupport.TestConfig.POS_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.HostedAgent;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent and the fake cloud: outage, order, exactly once, alerts, heartbeat, commands, provisioning. */
@Timeout(120)
class CloudBridgeIT {
    @TempDir
    Path dir;

    FakeCloud cloud;

    @BeforeEach
    void start() {
        cloud = FakeCloud.start();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    static Http admin(TestConfig c) {
        return new Http(c.http(), ADMIN_TOKEN);
    }

    static JsonNode status(TestConfig c) {
        return admin(c).get("/api/v1/cloud").json();
    }

    static void awaitRegistered(TestConfig c) {
        Awaitility.await("registered")
                .atMost(Duration.ofSeconds(15))
                .until(() -> "REGISTERED".equals(status(c).path("registration").asText()));
    }

    List<JsonNode> cloudAlerts(String kind) {
        return cloud.events("alerts").stream()
                .map(FakeCloud.Received::payload)
                .filter(a -> kind.equals(a.path("kind").asText()))
                .toList();
    }

    @Test
    void ordersTakenDuringALongOutageAllArriveAfterwardsOnceAndInOrder() throws Exception {
        cloud.provisioningCode("code-outage-01");
        TestConfig c = TestConfig.embedded(dir);
        try (RunningAgent agent = RunningAgent.start(c.load(TestConfig.cloudYaml(cloud.url(), "code-outage-01")))
                .awaitReady()) {
            awaitRegistered(c);
            Http pos = new Http(c.http(), POS_TOKEN);
            pos.post("/api/v1/orders", Orders.json("BEFORE-1"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.events("orders").size() >= 2);

            // GIVEN the cloud down
            cloud.fail(503, -1);
            List<String> ids = IntStream.range(0, 150).mapToObj(i -> "OUT-" + i).toList();
            // WHEN orders keep coming
            for (String id : ids) {
                assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);
            }
            // THEN they wait in the outbox, visible in the API and /metrics, and CLOUD_UNREACHABLE is raised
            Awaitility.await("CLOUD_UNREACHABLE raised")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> admin(c).get("/api/v1/alerts")
                            .json()
                            .path("alerts")
                            .findValuesAsText("kind")
                            .contains("CLOUD_UNREACHABLE"));
            JsonNode s = status(c);
            assertThat(s.path("reachable").asBoolean()).isFalse();
            assertThat(s.path("outbox").path("events").asLong()).isGreaterThanOrEqualTo(150 * 5);
            assertThat(s.path("outbox").path("oldestAgeSeconds").asDouble()).isGreaterThan(0);
            String metrics = new Http(c.http(), null).get("/metrics").body();
            assertThat(metrics).contains("dapur_cloud_outbox_events").contains("dapur_cloud_outbox_oldest_age_seconds");
            // while the cloud is down the breaker goes OPEN -> HALF_OPEN (one probe, refused) -> OPEN: a single
            // scrape can land on the probe (seen once in CI-like runs), so wait for it to be seen open
            Awaitility.await("breaker open")
                    .atMost(Duration.ofSeconds(15))
                    .until(() ->
                            new Http(c.http(), null).get("/metrics").body().contains("dapur_cloud_breaker_open 1.0"));

            // WHEN the cloud comes back, taking only part of each batch at first
            cloud.heal();
            cloud.acknowledgeAtMost(37);
            Awaitility.await("backlog drained")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> status(c).path("outbox").path("events").asLong() == 0);

            // THEN every order arrived exactly once, every stream in order, tickets and events with them
            List<String> orders = cloud.events("orders").stream()
                    .filter(e -> e.type().equals("ORDER"))
                    .map(e -> e.payload().path("orderId").asText())
                    .toList();
            assertThat(orders)
                    .doesNotHaveDuplicates()
                    .containsAll(ids)
                    .contains("BEFORE-1")
                    .hasSize(151);
            assertThat(orders.subList(1, 151)).containsExactlyElementsOf(ids);
            Set<String> accepted = cloud.events("orders").stream()
                    .filter(e -> e.payload().path("event").asText().equals("ACCEPTED"))
                    .map(e -> e.payload().path("orderId").asText())
                    .collect(Collectors.toSet());
            assertThat(accepted).containsAll(ids);
            assertThat(cloud.events("tickets"))
                    .extracting(e -> e.payload().path("ticketId").asText())
                    .doesNotHaveDuplicates()
                    .hasSize(151 * 3);
            assertThat(cloud.outOfOrder()).isZero();
            // and CLOUD_UNREACHABLE was raised once and cleared once, both told to the cloud after it came back
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cloudAlerts("CLOUD_UNREACHABLE").size() == 2);
            assertThat(cloudAlerts("CLOUD_UNREACHABLE"))
                    .extracting(a -> a.has("clearedAt"))
                    .containsExactly(false, true);
            assertThat(status(c).path("reachable").asBoolean()).isTrue();
        }
    }

    @Test
    void heartbeatsCarryVersionUptimeDevicesAndBacklogAndCommandsAreAnsweredOnce() throws Exception {
        cloud.provisioningCode("code-fleet-01");
        cloud.config("jkt-01", "v0", null, null); // the back office adds nothing to the local file
        TestConfig c = TestConfig.embedded(dir);
        try (HostedAgent agent = HostedAgent.start(c.write(TestConfig.cloudYaml(cloud.url(), "code-fleet-01")))
                .awaitReady()) {
            awaitRegistered(c);
            Awaitility.await("a heartbeat")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !cloud.heartbeats().isEmpty());
            JsonNode hb = cloud.heartbeats().get(cloud.heartbeats().size() - 1);
            assertThat(hb.path("outletId").asText()).isEqualTo("jkt-01");
            assertThat(hb.path("agentVersion").asText()).isNotEmpty();
            assertThat(hb.has("uptimeSeconds")).isTrue();
            assertThat(hb.has("configVersion")).isTrue();
            assertThat(hb.has("deviceId")).isTrue();
            assertThat(hb.path("screens").findValuesAsText("station")).containsExactly("wok", "bar", "expo");
            assertThat(hb.has("printers")).isTrue();
            assertThat(hb.has("sensors")).isTrue();
            assertThat(hb.has("scales")).isTrue();
            assertThat(hb.path("outbox").has("events")).isTrue();
            assertThat(hb.path("outbox").path("budgetBytes").asLong()).isEqualTo(256L << 20);

            new Http(c.http(), POS_TOKEN).post("/api/v1/orders", Orders.json("CMD-1"));
            cloud.command(
                    "jkt-01",
                    Map.of(
                            "commandId",
                            "cmd-1",
                            "type",
                            "set-log-level",
                            "args",
                            Map.of("level", "debug", "for", "1m")));
            cloud.command(
                    "jkt-01", Map.of("commandId", "cmd-2", "type", "reprint", "args", Map.of("ticketId", "CMD-1/wok")));
            cloud.command("jkt-01", Map.of("commandId", "cmd-3", "type", "self-destruct"));
            cloud.command(
                    "jkt-01",
                    Map.of(
                            "commandId",
                            "cmd-4",
                            "type",
                            "reprint",
                            "outletId",
                            "sby-02",
                            "args",
                            Map.of("ticketId", "CMD-1/wok")));
            cloud.command("jkt-01", Map.of("commandId", "cmd-5", "type", "rotate-credential"));
            cloud.command("jkt-01", Map.of("commandId", "cmd-6", "type", "reload-config"));
            Awaitility.await("six results")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> cloud.commandResults().size() >= 6);
            cloud.command(
                    "jkt-01", Map.of("commandId", "cmd-1", "type", "set-log-level", "args", Map.of("level", "error")));
            Awaitility.await("the repeat answered")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.commandResults().size() >= 7);

            Map<String, List<JsonNode>> by = cloud.commandResults().stream()
                    .collect(Collectors.groupingBy(r -> r.path("commandId").asText()));
            assertThat(by.get("cmd-1"))
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED"))
                    .allSatisfy(r ->
                            assertThat(r.path("detail").path("level").asText()).isEqualTo("DEBUG"));
            // no printer at this outlet: the reprint is tried and fails with the API's own code
            assertThat(by.get("cmd-2").get(0).path("status").asText()).isEqualTo("FAILED");
            assertThat(by.get("cmd-2").get(0).path("code").asText()).isEqualTo("NO_PRINTER");
            assertThat(by.get("cmd-3").get(0).path("code").asText()).isEqualTo("UNKNOWN_COMMAND");
            assertThat(by.get("cmd-4").get(0).path("code").asText()).isEqualTo("WRONG_OUTLET");
            assertThat(by.get("cmd-5").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(by.get("cmd-6").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(by.get("cmd-6").get(0).path("detail").path("outcome").asText())
                    .isIn("APPLIED", "UNCHANGED");
            assertThat(status(c).path("configVersion").asText()).isEqualTo("v0");
            // the rotated credential is the one in use now: the old one is revoked, calls still work
            int beats = cloud.heartbeats().size();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.heartbeats().size() > beats + 1);
            assertThat(cloud.liveTokens()).isEqualTo(1);
            String stored =
                    Files.readString(c.dir().resolve("data").resolve("cloud").resolve("credential.json"));
            assertThat(stored).contains("AES-256-GCM");
            // each command is an audit event for the cloud too
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> cloud.events("audit").size() >= 6);
            assertThat(cloud.events("audit"))
                    .extracting(e -> e.payload().path("commandId").asText())
                    .contains("cmd-1", "cmd-2", "cmd-3", "cmd-4", "cmd-5", "cmd-6");
        }
    }

    @Test
    void aWrongOrUsedProvisioningCodeIsRefusedAndTheAgentRunsOnStoringEvents() throws Exception {
        cloud.provisioningCode("code-once-01");
        TestConfig first = TestConfig.embedded(dir.resolve("a"));
        try (RunningAgent a = RunningAgent.start(first.load(TestConfig.cloudYaml(cloud.url(), "code-once-01")))
                .awaitReady()) {
            awaitRegistered(first);
        }
        TestConfig second = TestConfig.embedded(dir.resolve("b"));
        try (RunningAgent b = RunningAgent.start(second.load(TestConfig.cloudYaml(cloud.url(), "code-once-01")))
                .awaitReady()) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            "REFUSED".equals(status(second).path("registration").asText()));
            assertThat(status(second).path("problem").asText()).contains("PROVISIONING_CODE_USED");
            assertThat(new Http(second.http(), POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("LOCAL-1"))
                            .status())
                    .isEqualTo(201);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> admin(second)
                            .get("/api/v1/alerts")
                            .json()
                            .path("alerts")
                            .findValuesAsText("kind")
                            .contains("CLOUD_NOT_REGISTERED"));
            assertThat(status(second).path("outbox").path("events").asLong()).isGreaterThan(0);
        }
        TestConfig third = TestConfig.embedded(dir.resolve("c"));
        try (RunningAgent x = RunningAgent.start(third.load(TestConfig.cloudYaml(cloud.url(), "code-never-issued")))
                .awaitReady()) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            "REFUSED".equals(status(third).path("registration").asText()));
            assertThat(status(third).path("problem").asText()).contains("PROVISIONING_CODE_INVALID");
        }
        assertThat(cloud.registrations()).isEqualTo(1);
    }
}
