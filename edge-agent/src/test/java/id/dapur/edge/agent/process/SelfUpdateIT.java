package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import id.dapur.edge.agent.support.Version;
import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.ServiceSupervisor;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.cloud.fake.FakeRollout;
import id.dapur.edge.cloud.update.BootFile;
import id.dapur.edge.config.ReleaseKeys;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Self-update end to end (docs/fleet.md): the packaged agent under the launcher
 * (packaging/dapur-edge-launch) and a supervisor that does what systemd does for the unit; releases
 * made from the real jar with another version number (and a database migration the previous version
 * does not know), from the fake cloud, signed with a test key. A signed release is applied through
 * a staged rollout; a release that will not start, or hangs, is rolled back by the launcher and the
 * rollout stops; the process cut dead at every step of an update leaves a working agent, on the
 * version that step implies, with every order taken before it.
 */
@Timeout(400)
class SelfUpdateIT {
    static final String NEXT = "0.1.1";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path shared;

    static Path good;
    static Path broken;
    static Path hanging;
    static String[] keys;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void releases() throws Exception {
        assertThat(Version.VALUE).as("the packaged jar knows its version").isNotEqualTo(NEXT);
        keys = ReleaseKeys.generate();
        // the next version adds a table and a column: the previous one must still open the database after a rollback
        good = variant(
                shared.resolve("good.jar"),
                null,
                Map.of(
                        "db/migration/V900__update_probe.sql",
                        "CREATE TABLE update_probe (id INT PRIMARY KEY, note VARCHAR(64));\nALTER TABLE orders ADD COLUMN update_probe_note VARCHAR(64);\n"));
        broken = variant(shared.resolve("broken.jar"), "id.dapur.edge.NoSuchMain", Map.of());
        byte[] hang;
        try (InputStream in = HangingMain.class.getResourceAsStream("HangingMain.class")) {
            hang = in.readAllBytes();
        }
        hanging = variant(
                shared.resolve("hanging.jar"),
                HangingMain.class.getName(),
                Map.of("id/dapur/edge/agent/process/HangingMain.class", hang));
    }

    /** The packaged jar as release NEXT: another manifest version, maybe another main class, extra entries. */
    static Path variant(Path out, String mainClass, Map<String, Object> extra) throws Exception {
        Path src = AgentProcess.jar();
        try (JarFile in = new JarFile(src.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, NEXT);
            if (mainClass != null) {
                m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
            }
            try (OutputStream os = Files.newOutputStream(out);
                    JarOutputStream jar = new JarOutputStream(os, m)) {
                jar.setLevel(1);
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME) || extra.containsKey(entry.getName())) {
                        continue;
                    }
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream is = in.getInputStream(entry)) {
                        is.transferTo(jar);
                    }
                    jar.closeEntry();
                }
                for (Map.Entry<String, Object> x : extra.entrySet()) {
                    jar.putNextEntry(new JarEntry(x.getKey()));
                    jar.write(
                            x.getValue() instanceof byte[] b
                                    ? b
                                    : x.getValue().toString().getBytes(StandardCharsets.UTF_8));
                    jar.closeEntry();
                }
            }
        }
        return out;
    }

    /** One outlet's device: config, data dir, the launcher under the supervisor. */
    final class Device implements AutoCloseable {
        final TestConfig config;
        final Path data;
        final ServiceSupervisor service;
        final Http admin;
        final Http pos;
        final FakeCloud cloud;

        Device(FakeCloud cloud, String failpoint, Duration startTimeout, String maintenance) throws Exception {
            this.cloud = cloud;
            config = TestConfig.embedded(dir.resolve("agent"));
            data = dir.resolve("var-lib-dapur");
            Path versionFile = Files.writeString(dir.resolve("VERSION"), Version.VALUE + "\n");
            cloud.provisioningCode("code-update-it");
            Path file = config.write(TestConfig.cloudYaml(cloud.url(), "code-update-it")
                            .replace("requestTimeout: 2s", "requestTimeout: 30s")
                    + "update:\n  trustedKeys: [\"" + keys[1] + "\"]\n"
                    + "maintenance: " + maintenance + "\n");
            Map<String, String> env = new HashMap<>();
            env.put("DAPUR_DATA", data.toString());
            env.put("DAPUR_JAR", AgentProcess.jar().toString());
            env.put("DAPUR_VERSION_FILE", versionFile.toString());
            env.put(
                    "JAVA",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            env.put("JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            if (failpoint != null) {
                env.put("DAPUR_FAILPOINT", failpoint);
            }
            Path launcher = Path.of("..", "packaging", "dapur-edge-launch")
                    .toAbsolutePath()
                    .normalize();
            service = ServiceSupervisor.start(
                    dir.resolve("service"),
                    List.of("sh", launcher.toString(), "run", "--config", file.toString()),
                    env,
                    startTimeout);
            admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
            pos = new Http(config.http(), TestConfig.POS_TOKEN);
        }

        /** Serving, registered with the cloud, on this version. */
        void awaitRunning(String version) {
            Awaitility.await("the agent serving " + version)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode cloudState = admin.get("/api/v1/cloud").json();
                        assertThat(cloudState.path("registration").asText()).isEqualTo("REGISTERED");
                        assertThat(admin.get("/health").status()).isEqualTo(200);
                        JsonNode hb = lastHeartbeat();
                        assertThat(Instant.parse(hb.path("startedAt").asText()))
                                .as("a heartbeat of the last start")
                                .isAfter(service.lastStartAt());
                        assertThat(hb.path("update").path("version").asText()).isEqualTo(version);
                    });
        }

        JsonNode lastHeartbeat() {
            List<JsonNode> hb = cloud.heartbeats();
            return hb.isEmpty() ? MissingNode.getInstance() : hb.get(hb.size() - 1);
        }

        BootFile boot() throws Exception {
            return BootFile.read(data.resolve("releases"));
        }

        void order(String id) {
            assertThat(pos.post("/api/v1/orders", Orders.json(id)).status())
                    .as(id)
                    .isEqualTo(201);
        }

        void hasOrders(List<String> ids) {
            for (String id : ids) {
                assertThat(admin.get("/api/v1/orders/" + id).status())
                        .as("order " + id + " kept")
                        .isEqualTo(200);
            }
        }

        @Override
        public void close() throws Exception {
            service.close();
        }
    }

    /** A device whose updates restart it whatever the kitchen does: these tests take orders just before one. */
    Device device(FakeCloud cloud, String failpoint, Duration startTimeout) throws Exception {
        return new Device(cloud, failpoint, startTimeout, "{ quietWhen: ALWAYS }");
    }

    /**
     * The outlet's defaults (no open ticket younger than 10 minutes), looking again every 5 s: the
     * update arrives with an order just taken, waits, and is applied once the kitchen has cooked it.
     */
    @Test
    void aSignedReleaseWaitsForAQuietKitchenThenIsAppliedAndKeepsTheData() throws Exception {
        try (FakeCloud cloud = FakeCloud.start();
                Device d = new Device(cloud, null, Duration.ofSeconds(90), "{ recheck: 5s }")) {
            d.awaitRunning(Version.VALUE);
            List<String> before = List.of("UPD-1", "UPD-2", "UPD-3");
            before.forEach(d::order);
            FakeRollout rollout = cloud.rollout(List.of(TestConfig.OUTLET), cloud.release(good, NEXT, keys[0]));
            Awaitility.await("the update deferred, in the heartbeat")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> d.lastHeartbeat()
                            .path("update")
                            .path("state")
                            .asText()
                            .equals("DEFERRED"));
            JsonNode waiting = d.lastHeartbeat().path("update").path("deferred");
            assertThat(waiting.path("code").asText()).isEqualTo("KITCHEN_BUSY");
            assertThat(waiting.path("version").asText()).isEqualTo(NEXT);
            assertThat(cloud.commandResults())
                    .filteredOn(r -> r.path("commandId").asText().equals(rollout.commandId(TestConfig.OUTLET)))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.path("status").asText()).isEqualTo("DEFERRED");
                        assertThat(r.path("code").asText()).isEqualTo("KITCHEN_BUSY");
                    });
            assertThat(rollout.state()).isEqualTo(FakeRollout.State.RUNNING);
            assertThat(d.service.exits())
                    .as("no restart while the kitchen cooks")
                    .isEmpty();
            int bump = 0;
            for (String order : before) { // cooked and served: bumped twice at each station, then at expo
                for (String station : List.of("wok", "wok", "bar", "bar", "expo")) {
                    assertThat(d.admin
                                    .post(
                                            "/api/v1/tickets/" + order + "/" + station + "/actions",
                                            "{\"actionId\":\"bump-" + ++bump + "\",\"action\":\"BUMP\"}")
                                    .status())
                            .as(order + "/" + station + " bump " + bump)
                            .isBetween(200, 299);
                }
            }
            Awaitility.await("the rollout done")
                    .atMost(Duration.ofSeconds(180))
                    .until(() -> rollout.state() != FakeRollout.State.RUNNING);
            assertThat(rollout.state())
                    .as(rollout.stopReason() + "\n" + d.service.logs())
                    .isEqualTo(FakeRollout.State.DONE);
            d.awaitRunning(NEXT);
            JsonNode update = d.lastHeartbeat().path("update");
            assertThat(update.path("slot").asText()).isEqualTo(NEXT);
            assertThat(update.path("previous").asText()).isEqualTo("packaged");
            assertThat(update.path("last").path("result").asText()).isEqualTo("UPDATED");
            assertThat(d.boot().current()).isEqualTo(NEXT);
            assertThat(d.boot().trial()).isNull();
            assertThat(d.service.exits())
                    .as("one restart asked for by the agent")
                    .containsExactly(75);
            assertThat(cloud.commandResults())
                    .filteredOn(r -> r.path("commandId").asText().equals(rollout.commandId(TestConfig.OUTLET)))
                    .singleElement()
                    .satisfies(r -> assertThat(r.path("status").asText()).isEqualTo("DEFERRED"));
            Awaitility.await("the outcome at the cloud")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> cloud.events("fleet").stream()
                            .anyMatch(e -> e.type().equals("UPDATE_RESULT")
                                    && e.payload().path("result").asText().equals("UPDATED")));
            d.hasOrders(before);
            d.order("UPD-4");
            assertThat(d.admin.get("/api/v1/audit?limit=500").body()).contains("UPDATE_UPDATED");
        }
    }

    @Test
    void aReleaseThatWillNotStartIsRolledBackAndTheRolloutStops() throws Exception {
        try (FakeCloud cloud = FakeCloud.start();
                Device d = device(cloud, null, Duration.ofSeconds(90))) {
            d.awaitRunning(Version.VALUE);
            d.order("RB-1");
            FakeRollout rollout =
                    cloud.rollout(List.of(TestConfig.OUTLET, "sby-02", "bdg-03"), cloud.release(broken, NEXT, keys[0]));
            Awaitility.await("the rollout stopped")
                    .atMost(Duration.ofSeconds(180))
                    .until(() -> rollout.state() != FakeRollout.State.RUNNING);
            assertThat(rollout.state()).as(d.service.logs()).isEqualTo(FakeRollout.State.STOPPED);
            assertThat(rollout.stopReason()).contains("ROLLED_BACK");
            assertThat(rollout.stagesSent())
                    .as("no outlet after the first got it")
                    .containsExactly(0);
            assertThat(d.service.exits()).containsExactly(75, 1);
            rolledBack(cloud, d, "RB-1");
        }
    }

    @Test
    void aReleaseThatHangsAtStartIsKilledAtTheDeadlineAndRolledBack() throws Exception {
        try (FakeCloud cloud = FakeCloud.start();
                Device d = device(cloud, null, Duration.ofSeconds(40))) {
            d.awaitRunning(Version.VALUE);
            d.order("HANG-1");
            cloud.command(TestConfig.OUTLET, command("hang-1", cloud.release(hanging, NEXT, keys[0])));
            Awaitility.await("rolled back")
                    .atMost(Duration.ofSeconds(180))
                    .until(() -> d.service.exits().size() >= 2 && d.service.starts() >= 3);
            assertThat(d.service.exits()).startsWith(75, ServiceSupervisor.TIMED_OUT);
            assertThat(d.service.log(2)).contains("a release that hangs at start");
            rolledBack(cloud, d, "HANG-1");
        }
    }

    private void rolledBack(FakeCloud cloud, Device d, String order) throws Exception {
        d.awaitRunning(Version.VALUE);
        assertThat(d.service.log(3)).contains("rolled back to packaged");
        Awaitility.await("the outcome in the heartbeat")
                .atMost(Duration.ofSeconds(30))
                .until(() -> d.lastHeartbeat()
                        .path("update")
                        .path("last")
                        .path("result")
                        .asText()
                        .equals("ROLLED_BACK"));
        JsonNode last = d.lastHeartbeat().path("update").path("last");
        assertThat(last.path("result").asText()).isEqualTo("ROLLED_BACK");
        assertThat(last.path("version").asText()).isEqualTo(NEXT);
        assertThat(last.path("reason").asText()).contains("did not report healthy");
        BootFile b = d.boot();
        assertThat(b.current()).isEqualTo("packaged");
        assertThat(b.trial()).isNull();
        Awaitility.await("the rollback at the cloud")
                .atMost(Duration.ofSeconds(30))
                .until(() -> cloud.events("fleet").stream()
                        .anyMatch(e -> e.type().equals("UPDATE_RESULT")
                                && e.payload().path("result").asText().equals("ROLLED_BACK")));
        d.hasOrders(List.of(order));
        d.order(order + "-after");
        assertThat(d.admin.get("/api/v1/audit?limit=500").body()).contains("UPDATE_ROLLED_BACK");
    }

    static Map<String, Object> command(String id, Map<String, Object> release) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("commandId", id);
        c.put("type", "update");
        c.put("args", release);
        return c;
    }

    /**
     * The process cut dead (no shutdown hook, nothing flushed) at each step of an update; the
     * supervisor starts it again as systemd would. The agent must come back working, on the version
     * the step implies, with every order it had taken.
     */
    @ParameterizedTest(name = "cut at {0}")
    @CsvSource({
        "update.downloaded, old, '' ",
        "update.installed, old, '' ",
        "update.switched, new, UPDATED",
        "update.trial-started, old, ROLLED_BACK",
        "update.committed, new, UPDATED",
    })
    void aProcessCutDeadAtAnyStepLeavesAWorkingAgent(String failpoint, String expected, String result)
            throws Exception {
        try (FakeCloud cloud = FakeCloud.start();
                Device d = device(cloud, failpoint, Duration.ofSeconds(90))) {
            d.awaitRunning(Version.VALUE);
            d.order("CUT-1");
            cloud.command(TestConfig.OUTLET, command("cut-1", cloud.release(good, NEXT, keys[0])));
            Awaitility.await("cut at " + failpoint)
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> d.service.exits().contains(137));
            String version = expected.equals("new") ? NEXT : Version.VALUE;
            d.awaitRunning(version);
            assertThat(d.service.logs()).contains("failpoint " + failpoint);
            d.hasOrders(List.of("CUT-1"));
            d.order("CUT-2");
            BootFile b = d.boot();
            assertThat(b.trial()).as("no trial left pending").isNull();
            assertThat(b.current()).isEqualTo(expected.equals("new") ? NEXT : "packaged");
            if (result == null || result.isBlank()) {
                JsonNode last = d.lastHeartbeat().path("update").path("last");
                assertThat(last.isMissingNode())
                        .as("no update happened: " + last)
                        .isTrue();
                assertThat(Files.exists(d.data.resolve("releases/.incoming")))
                        .as("the partial download removed")
                        .isFalse();
                assertThat(Files.exists(d.data.resolve("releases/" + NEXT)))
                        .as("the unused release removed")
                        .isFalse();
                Awaitility.await("the command answered")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> cloud.commandResults().stream()
                                .anyMatch(r -> r.path("commandId").asText().equals("cut-1")
                                        && r.path("code").asText().equals("INTERRUPTED")));
            } else {
                Awaitility.await("the outcome in the heartbeat")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> d.lastHeartbeat()
                                .path("update")
                                .path("last")
                                .path("result")
                                .asText()
                                .equals(result));
                Awaitility.await("the outcome at the cloud")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> cloud.events("fleet").stream()
                                .anyMatch(e -> e.type().equals("UPDATE_RESULT")
                                        && e.payload().path("result").asText().equals(result)));
                assertThat(cloud.events("fleet").stream()
                                .filter(e -> e.type().equals("UPDATE_RESULT"))
                                .count())
                        .as("the outcome recorded once")
                        .isEqualTo(1);
            }
        }
    }
}
