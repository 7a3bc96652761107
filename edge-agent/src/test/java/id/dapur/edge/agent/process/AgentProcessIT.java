package id.dapur.edge.agent.process;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged agent as an operator meets it: start, stop, bad config, busy port, broken database. */
@Timeout(120)
class AgentProcessIT {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsIntakeSaysOfflineAndClosesTheDatabaseCleanly() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        Path file = config.write();
        try (AgentProcess agent = AgentProcess.start(dir.resolve("a.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(config.http());
            MqttProbe watcher =
                    MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD).subscribe(ROOT + "/agent/status");
            watcher.await(ROOT + "/agent/status", s -> s.path("state").asText().equals("ONLINE"));
            assertThat(new Http(config.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("S-1"))
                            .status())
                    .isEqualTo(201);

            int code = agent.terminate();
            assertThat(code).isIn(0, 143);
            try {
                watcher.await(
                        ROOT + "/agent/status", s -> s.path("state").asText().equals("OFFLINE"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        "no OFFLINE heard; watcher connected: " + watcher.isConnected() + "; heard: "
                                + watcher.on(ROOT + "/agent/status") + "; the agent printed:\n" + agent.tail(40),
                        e);
            }
            assertThat(agent.output())
                    .contains("agent stopping", "storage closed", "agent stopped")
                    .doesNotContain("Exception");
        }
        try (AgentProcess again = AgentProcess.start(dir.resolve("b.log"), "run", "--config", file.toString())) {
            again.awaitHealthy(config.http());
            assertThat(new Http(config.http(), TestConfig.POS_TOKEN)
                            .get("/api/v1/orders/S-1")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsExitCodeTwoWithOneLine() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        try (ServerSocket busy = new ServerSocket(config.httpPort(), 50, InetAddress.getLoopbackAddress())) {
            AgentProcess.Result r = AgentProcess.runToEnd(
                    dir.resolve("p.log"), "run", "--config", config.write().toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.output())
                    .contains("dapur-edge: cannot start: a port is in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aBadConfigIsExitCodeTwoWithOneLineAndNoSecret() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                new TestConfig(dir, 1, 2, null)
                        .yaml()
                        .replace(TestConfig.PASSWORD, "short")
                        .replace("wok, rice", "wok, wok"));
        AgentProcess.Result r = AgentProcess.runToEnd(dir.resolve("c.log"), "run", "--config", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output().lines().filter(l -> l.startsWith("dapur-edge:"))).hasSize(1);
        assertThat(r.output())
                .contains("invalid configuration")
                .contains("run check-config")
                .doesNotContain("short\"");
    }

    @Test
    void aCorruptDatabaseIsQuarantinedAndHealthSaysWhyUntilTheOperatorChooses() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        Path file = config.write();
        Files.createDirectories(dir.resolve("data"));
        byte[] garbage = "not a database".repeat(1000).getBytes();
        Files.write(dir.resolve("data").resolve("dapur.mv.db"), garbage);
        try (AgentProcess agent = AgentProcess.start(dir.resolve("q.log"), "run", "--config", file.toString())) {
            Http anon = new Http(config.http(), null);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> anon.get("/health").status() == 503
                            && anon.get("/health").body().contains("quarantine"));
            Http.Response order =
                    new Http(config.http(), TestConfig.POS_TOKEN).post("/api/v1/orders", Orders.json("Q-1"));
            assertThat(order.status()).isEqualTo(503);
            assertThat(order.errorCode()).isEqualTo("STORAGE_UNAVAILABLE");
            agent.terminate();
        }
        try (var files = Files.list(dir.resolve("data").resolve("quarantine"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".mv.db")).map(p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))
                    .singleElement()
                    .isEqualTo(garbage);
        }
        try (AgentProcess agent =
                AgentProcess.start(dir.resolve("r.log"), "run", "--config", file.toString(), "--start-fresh")) {
            agent.awaitHealthy(config.http());
        }
    }

    @Test
    void aSecondAgentOnTheSameDataDirectoryIsRefusedAndSaysSo() throws Exception {
        TestConfig first = TestConfig.embedded(dir);
        TestConfig second = new TestConfig(dir, FreePorts.next(), FreePorts.next(), null);
        Path f1 = first.write();
        Path f2 = dir.resolve("second.yaml");
        Files.writeString(f2, second.yaml());
        try (AgentProcess a = AgentProcess.start(dir.resolve("1.log"), "run", "--config", f1.toString())) {
            a.awaitHealthy(first.http());
            AgentProcess b = AgentProcess.start(dir.resolve("2.log"), "run", "--config", f2.toString());
            Http anon = new Http(second.http(), null);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> anon.get("/health").body().contains("in use by another process"));
            assertThat(anon.get("/health").status()).isEqualTo(503);
            assertThat(dir.resolve("data").resolve("quarantine")).doesNotExist();
            assertThat(new Http(first.http(), null).get("/health").status())
                    .as("the first agent is unharmed")
                    .isEqualTo(200);
            b.close();
        }
    }
}
