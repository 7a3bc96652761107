package id.dapur.edge.cloud.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.cloud.Clouds;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.cloud.fake.FakeRollout;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.ReleaseKeys;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake cloud's staged rollout over a fleet of 40 outlets (simulated devices speaking the cloud API
 * over HTTP: they long-poll commands, answer them, and send heartbeats with the update block the
 * agent sends): one outlet, then 10%, then all, each stage only once the one before is healthy, and
 * stopped by the first outlet that rolls back or refuses; nothing is sent after that.
 */
class FakeRolloutIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Vertx vertx;
    FakeCloud cloud;
    final List<Device> fleet = new ArrayList<>();

    /** An outlet's agent as the cloud sees it: it updates, or rolls back, or refuses, as told. */
    final class Device {
        final String outlet;
        final String behaviour;
        final HttpCloudClient client;
        volatile String version = "1.0.0";
        volatile Map<String, Object> last;
        volatile boolean running = true;
        volatile String state = "IDLE";
        volatile String updateId;
        volatile String problem;
        volatile Map<String, Object> deferred;
        final List<String> commands = new ArrayList<>();

        Device(String outlet, String behaviour) throws Exception {
            this.outlet = outlet;
            this.behaviour = behaviour;
            CloudConfig cfg = Clouds.cloud(outlet, cloud.url(), "");
            client = new HttpCloudClient(vertx, cfg, outlet);
            cloud.provisioningCode("code-" + outlet);
            client.credential(client.register("code-" + outlet, Map.of("outletId", outlet))
                    .await(5, TimeUnit.SECONDS));
            vertx.setPeriodic(100, t -> {
                if (running) {
                    client.heartbeat(heartbeat());
                }
            });
            poll();
        }

        Map<String, Object> heartbeat() {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("state", state);
            u.put("version", version);
            if (updateId != null) {
                u.put("update", updateId);
            }
            if (deferred != null) {
                u.put("deferred", deferred);
            }
            if (problem != null) {
                u.put("problem", problem);
            }
            if (last != null) {
                u.put("last", last);
            }
            return Map.of(
                    "outletId",
                    outlet,
                    "agentVersion",
                    version,
                    "uptimeSeconds",
                    1,
                    "update",
                    u,
                    "at",
                    Instant.now().toString());
        }

        void poll() {
            if (!running) {
                return;
            }
            client.commands(1).onComplete(ar -> {
                if (ar.succeeded()) {
                    ar.result().forEach(this::handle);
                }
                poll();
            });
        }

        void handle(Command c) {
            synchronized (commands) {
                commands.add(c.commandId());
            }
            String target = c.args().path("version").asText();
            if (behaviour.equals("refuse")) {
                client.commandResult(c.commandId(), CommandResult.refused("BAD_SIGNATURE", "not from a trusted key"));
                return;
            }
            if (behaviour.startsWith("defer")) { // a busy kitchen: the update waits, then installs or fails
                client.commandResult(
                        c.commandId(), CommandResult.deferred("KITCHEN_BUSY", "an open ticket is 2 min old", Map.of()));
                state = "DEFERRED";
                updateId = c.commandId();
                deferred = Map.of(
                        "update",
                        c.commandId(),
                        "version",
                        target,
                        "since",
                        Instant.now().toString(),
                        "code",
                        "KITCHEN_BUSY",
                        "reason",
                        "an open ticket is 2 min old");
                vertx.setTimer(1500, t -> {
                    deferred = null;
                    if (behaviour.equals("defer-fail")) {
                        state = "FAILED";
                        problem = "NO_SPACE: the data dir has 12 MB free";
                    } else {
                        state = "IDLE";
                        version = target;
                        last = Map.of("update", c.commandId(), "result", "UPDATED", "version", target);
                    }
                });
                return;
            }
            client.commandResult(c.commandId(), CommandResult.succeeded("installed", Map.of()));
            vertx.setTimer(300, t -> {
                if (behaviour.equals("rollback")) {
                    last = Map.of(
                            "update",
                            c.commandId(),
                            "result",
                            "ROLLED_BACK",
                            "version",
                            target,
                            "reason",
                            "did not report healthy");
                } else {
                    version = target;
                    last = Map.of("update", c.commandId(), "result", "UPDATED", "version", target);
                }
            });
        }

        boolean gotCommand() {
            synchronized (commands) {
                return !commands.isEmpty();
            }
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        cloud = FakeCloud.start(vertx, false, 0, null);
    }

    @AfterEach
    void stop() {
        fleet.forEach(d -> d.running = false);
        cloud.close();
        vertx.close().await();
    }

    List<String> fleet(int n, Map<Integer, String> unusual) throws Exception {
        for (int i = 0; i < n; i++) {
            fleet.add(new Device(String.format("out-%02d", i), unusual.getOrDefault(i, "update")));
        }
        return fleet.stream().map(d -> d.outlet).toList();
    }

    Map<String, Object> release() throws Exception {
        String[] keys = ReleaseKeys.generate();
        return cloud.release(UpdaterIT.jar(dir.resolve("r.jar"), "1.1.0", 100), "1.1.0", keys[0]);
    }

    @Test
    void oneThenTenPercentThenAllEachAfterTheLastIsHealthy() throws Exception {
        List<String> outlets = fleet(40, Map.of());
        FakeRollout r = cloud.rollout(outlets, release());
        assertThat(r.stages()).extracting(List::size).containsExactly(1, 3, 36);
        Awaitility.await("rollout done")
                .atMost(Duration.ofSeconds(60))
                .until(() -> r.state() != FakeRollout.State.RUNNING);
        assertThat(r.state()).as(r.stopReason()).isEqualTo(FakeRollout.State.DONE);
        assertThat(r.stagesSent()).containsExactly(0, 1, 2);
        assertThat(fleet).allSatisfy(d -> assertThat(d.version).isEqualTo("1.1.0"));
        assertThat(r.outcome())
                .hasSize(40)
                .allSatisfy((o, result) -> assertThat(result).isEqualTo("UPDATED"));
    }

    @Test
    void theFirstRollbackStopsTheRolloutBeforeTheNextStage() throws Exception {
        // out-02 is in the 10% stage and will not come up on the new version
        List<String> outlets = fleet(40, Map.of(2, "rollback"));
        FakeRollout r = cloud.rollout(outlets, release());
        Awaitility.await("rollout stopped")
                .atMost(Duration.ofSeconds(60))
                .until(() -> r.state() != FakeRollout.State.RUNNING);
        assertThat(r.state()).isEqualTo(FakeRollout.State.STOPPED);
        assertThat(r.stopReason()).startsWith("out-02: ROLLED_BACK");
        assertThat(r.stagesSent()).containsExactly(0, 1);
        assertThat(fleet.subList(4, 40)).as("the last stage got nothing").noneMatch(Device::gotCommand);
        assertThat(fleet.get(0).version).isEqualTo("1.1.0");
    }

    @Test
    void anOutletWaitingForAQuietKitchenHoldsTheNextStageWithoutStoppingTheRollout() throws Exception {
        List<String> outlets = fleet(20, Map.of(1, "defer")); // out-01 is in the 10% stage
        FakeRollout r = cloud.rollout(outlets, release());
        Awaitility.await("out-01 deferred")
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        "DEFERRED".equals(fleet.get(1).state) && r.deferred().containsKey("out-01"));
        assertThat(r.state()).isEqualTo(FakeRollout.State.RUNNING);
        assertThat(r.deferred().get("out-01")).contains("KITCHEN_BUSY");
        assertThat(r.stagesSent()).as("the last stage waits for out-01").containsExactly(0, 1);
        Awaitility.await("rollout done")
                .atMost(Duration.ofSeconds(60))
                .until(() -> r.state() != FakeRollout.State.RUNNING);
        assertThat(r.state()).as(r.stopReason()).isEqualTo(FakeRollout.State.DONE);
        assertThat(fleet).allSatisfy(d -> assertThat(d.version).isEqualTo("1.1.0"));
        assertThat(r.deferred()).isEmpty();
    }

    @Test
    void aDeferredUpdateThatFailsStopsTheRollout() throws Exception {
        List<String> outlets = fleet(20, Map.of(0, "defer-fail"));
        FakeRollout r = cloud.rollout(outlets, release());
        Awaitility.await("rollout stopped")
                .atMost(Duration.ofSeconds(60))
                .until(() -> r.state() != FakeRollout.State.RUNNING);
        assertThat(r.stopReason()).isEqualTo("out-00: FAILED NO_SPACE: the data dir has 12 MB free");
        assertThat(r.stagesSent()).containsExactly(0);
        assertThat(fleet.subList(1, 20)).noneMatch(Device::gotCommand);
    }

    @Test
    void aRefusalStopsItToo() throws Exception {
        List<String> outlets = fleet(10, Map.of(0, "refuse"));
        FakeRollout r = cloud.rollout(outlets, release());
        Awaitility.await("rollout stopped")
                .atMost(Duration.ofSeconds(60))
                .until(() -> r.state() != FakeRollout.State.RUNNING);
        assertThat(r.stopReason()).isEqualTo("out-00: command REFUSED BAD_SIGNATURE");
        assertThat(r.stagesSent()).containsExactly(0);
        assertThat(fleet.subList(1, 10)).noneMatch(Device::gotCommand);
        assertThat(Set.copyOf(fleet.stream().map(d -> d.version).toList())).containsExactly("1.0.0");
    }
}
