package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged agent while a batch is at the cloud, applied there but not yet
 * acknowledged (the worst moment): after the restart every order reaches the cloud, and none is
 * applied twice.
 */
@Timeout(180)
class CloudCrashIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killedWhileABatchIsUnacknowledgedNothingIsLostAndNothingAppliedTwice() throws Exception {
        try (FakeCloud cloud = FakeCloud.start()) {
            cloud.provisioningCode("code-crash-01");
            TestConfig c = TestConfig.embedded(dir);
            Path file = c.write(TestConfig.cloudYaml(cloud.url(), "code-crash-01")
                    .replace("requestTimeout: 2s", "requestTimeout: 60s"));
            Http admin = new Http(c.http(), TestConfig.ADMIN_TOKEN);
            List<String> accepted = new ArrayList<>();
            int appliedBeforeStall;
            try (AgentProcess agent =
                    AgentProcess.start(dir.resolve("agent-1.log"), "run", "--config", file.toString())) {
                agent.awaitHealthy(c.http());
                Awaitility.await("registered")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> "REGISTERED"
                                .equals(admin.get("/api/v1/cloud")
                                        .json()
                                        .path("registration")
                                        .asText()));
                // what the agent sends at start (the 86 board, the kitchen load) is delivered before the stall
                Awaitility.await("start-up events delivered")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> admin.get("/api/v1/cloud")
                                        .json()
                                        .path("outbox")
                                        .path("events")
                                        .asLong()
                                == 0);
                appliedBeforeStall = cloud.events().size();
                cloud.applyThenStall(true);
                Http pos = new Http(c.http(), TestConfig.POS_TOKEN);
                for (int i = 0; i < 120; i++) {
                    String id = "KILL-" + i;
                    assertThat(pos.post("/api/v1/orders", Orders.json(id)).status())
                            .isEqualTo(201);
                    accepted.add(id);
                }
                // a batch is applied at the cloud and its answer never comes: kill the agent now
                Awaitility.await("a batch applied, unanswered")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> !cloud.events().isEmpty());
                assertThat(admin.get("/api/v1/cloud")
                                .json()
                                .path("outbox")
                                .path("events")
                                .asLong())
                        .isGreaterThan(0);
                agent.kill();
            }
            int appliedUnanswered = cloud.events().size() - appliedBeforeStall;
            cloud.heal();

            try (AgentProcess agent =
                    AgentProcess.start(dir.resolve("agent-2.log"), "run", "--config", file.toString())) {
                agent.awaitHealthy(c.http());
                Awaitility.await("drained after restart")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> admin.get("/api/v1/cloud")
                                        .json()
                                        .path("outbox")
                                        .path("events")
                                        .asLong()
                                == 0);
            }
            List<String> orders = cloud.events("orders").stream()
                    .filter(e -> e.type().equals("ORDER"))
                    .map(e -> e.payload().path("orderId").asText())
                    .toList();
            assertThat(orders)
                    .as("each order applied once, all of them, in order")
                    .containsExactlyElementsOf(accepted);
            assertThat(cloud.duplicates())
                    .as("the unanswered batch was sent again and recognised")
                    .isGreaterThanOrEqualTo(appliedUnanswered);
            assertThat(cloud.events("tickets"))
                    .extracting(e -> e.payload().path("ticketId").asText())
                    .doesNotHaveDuplicates()
                    .hasSize(accepted.size() * 3);
            assertThat(cloud.outOfOrder()).isZero();
            assertThat(cloud.registrations())
                    .as("the stored credential survived the kill")
                    .isEqualTo(1);
        }
    }
}
