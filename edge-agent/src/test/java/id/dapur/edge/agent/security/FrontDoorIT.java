package id.dapur.edge.agent.security;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RawClient;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the front door does before and just after login, on the raw bytes (findings 2, 8 and 10 of
 * the hostile-LAN review): deadlines and connection limits for idle sockets on both listeners, a
 * PUBLISH before CONNECT, retained messages, and log lines that a client cannot forge or inflate.
 */
@Timeout(90)
class FrontDoorIT {
    @TempDir
    Path dir;

    private TestConfig config;
    private RunningAgent agent;
    private MqttProbe watcher;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        config = TestConfig.embedded(dir);
        agent = RunningAgent.start(config.loadEdited(y -> y.replace(
                                "  embedded: { port: " + config.mqttPort() + ", host: 127.0.0.1 }",
                                "  embedded: { port: " + config.mqttPort()
                                        + ", host: 127.0.0.1, loginTimeout: 1s, maxConnectionsPerAddress: 8, maxConnections: 16 }")
                        .replace(
                                "  host: 127.0.0.1\n  port: " + config.httpPort(),
                                "  host: 127.0.0.1\n  port: " + config.httpPort()
                                        + "\n  maxConnectionsPerAddress: 8\n  maxConnections: 16\n  idleTimeout: 10s")))
                .awaitReady();
        watcher = MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD).subscribe("#");
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        watcher.close();
        agent.close();
    }

    @Test
    void idleConnectionsAreBoundedPerAddressAndClosedWithoutLogin() throws Exception {
        List<RawClient> mqtt = new ArrayList<>();
        List<RawClient> http = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                mqtt.add(RawClient.open("127.0.0.6", config.mqttPort()));
                http.add(RawClient.open("127.0.0.6", config.httpPort()));
            }
            // MQTT: the 9th and later from one address are closed at once, the first 8 when the 1 s login deadline
            // passes
            for (RawClient c : mqtt) {
                assertThat(c.closedByServerWithin(Duration.ofSeconds(4))).isTrue();
            }
            // HTTP: the 9th and later are closed at once; the first 8 wait for their request (or the idle timeout)
            for (RawClient c : http.subList(8, 12)) {
                assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
            }
            assertThat(http.get(0).closedByServerWithin(Duration.ofMillis(300))).isFalse();
            assertThat(new Http(config.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("IDLE-1"))
                            .status())
                    .isEqualTo(201);
            String metrics = new Http(config.http(), TestConfig.ADMIN_TOKEN)
                    .get("/metrics")
                    .body();
            assertThat(metrics)
                    .contains(
                            "dapur_mqtt_front_refused_total{reason=\"connection_limit\"} 4.0",
                            "dapur_mqtt_front_refused_total{reason=\"login_timeout\"} 8.0",
                            "dapur_http_connections_refused_total{reason=\"limit\"} 4.0");
        } finally {
            for (RawClient c : mqtt) {
                c.close();
            }
            for (RawClient c : http) {
                c.close();
            }
        }
    }

    @Test
    void silentSocketsCannotLockOutClientsThatTalk() throws Exception {
        List<RawClient> silent = new ArrayList<>();
        try {
            // 32 silent sockets on each listener (limit 16 each): they fill it, then displace each other
            for (int a = 1; a <= 4; a++) {
                for (int i = 0; i < 8; i++) {
                    silent.add(RawClient.open("127.0.2." + a, config.mqttPort()));
                    silent.add(RawClient.open("127.0.2." + a, config.httpPort()));
                }
            }
            // a POS that talks at once still gets in on both, displacing the oldest silent socket
            assertThat(new Http(config.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("FULL-1"))
                            .status())
                    .isEqualTo(201);
            try (MqttProbe pos = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)) {
                pos.publish(ROOT + "/orders/in", Orders.json("FULL-2"));
                watcher.await(
                        ROOT + "/orders/FULL-2/events",
                        e -> e.path("event").asText().equals("ACCEPTED"));
            }
            String metrics = new Http(config.http(), TestConfig.ADMIN_TOKEN)
                    .get("/metrics")
                    .body();
            assertThat(metrics)
                    .containsPattern("dapur_mqtt_front_refused_total\\{reason=\"evicted_before_login\"} [1-9]")
                    .containsPattern("dapur_http_connections_refused_total\\{reason=\"evicted_silent\"} [1-9]");
        } finally {
            for (RawClient c : silent) {
                c.abort();
            }
        }
    }

    @Test
    void aPublishBeforeConnectClosesTheConnectionAndReachesNobody() throws Exception {
        try (RawClient c = RawClient.open("127.0.0.7", config.mqttPort())) {
            c.write(RawClient.publishPacket(
                    ROOT + "/orders/in", Orders.json("NOCONNECT").getBytes(StandardCharsets.UTF_8), false));
            assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
        }
        try (MqttProbe till = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)) {
            till.publish(ROOT + "/orders/in", Orders.json("AFTER-1"));
            watcher.await(
                    ROOT + "/orders/AFTER-1/events",
                    e -> e.path("event").asText().equals("ACCEPTED"));
        }
        assertThat(watcher.on(ROOT + "/orders/NOCONNECT/events")).isEmpty();
    }

    @Test
    void anAccountKeepsABoundedNumberOfPersistentSessions() throws Exception {
        // a sensor's password read out of its flash must not let anyone park thousands of sessions at the broker
        for (int i = 0; i < 16; i++) {
            try (RawClient c = RawClient.open(
                    "127.0.1." + (i + 1), config.mqttPort())) { // one address each: 8 per address at once here
                assertThat(c.connect("sensor-1-s" + i, "sensor-1", PASSWORD, null, false))
                        .as("session " + i)
                        .isZero();
            }
        }
        try (RawClient c = RawClient.open("127.0.0.8", config.mqttPort())) {
            assertThat(c.connect("sensor-1-s16", "sensor-1", PASSWORD, null, false))
                    .as("the 17th")
                    .isEqualTo(2);
        }
        try (RawClient c = RawClient.open("127.0.0.8", config.mqttPort())) {
            assertThat(c.connect("sensor-1-s3", "sensor-1", PASSWORD, null, false))
                    .as("an id it already has")
                    .isZero();
        }
        try (RawClient c = RawClient.open("127.0.0.8", config.mqttPort())) {
            assertThat(c.connect("sensor-1-clean", "sensor-1", PASSWORD, null, true))
                    .as("a clean session")
                    .isZero();
        }
        try (RawClient c = RawClient.open("127.0.0.8", config.mqttPort())) {
            assertThat(c.connect("pos-1-s0", "pos-1", PASSWORD, null, false))
                    .as("another account")
                    .isZero();
        }
    }

    @Test
    void onlySensorsAndAdminsMayLeaveRetainedMessages() throws Exception {
        try (RawClient c = RawClient.open("127.0.0.7", config.mqttPort())) {
            assertThat(c.connect("pos-1-r", "pos-1", PASSWORD, null, true)).isZero();
            c.write(RawClient.publishPacket(
                    ROOT + "/orders/in", Orders.json("RETAINED-1").getBytes(StandardCharsets.UTF_8), true));
            assertThat(c.closedByServerWithin(Duration.ofSeconds(2))).isTrue();
        }
        try (RawClient c = RawClient.open("127.0.0.7", config.mqttPort())) {
            assertThat(c.connect("sensor-1-r", "sensor-1", PASSWORD, null, true))
                    .isZero();
            c.write(RawClient.publishPacket(
                    ROOT + "/sensors/fridge-7",
                    "{\"temperature\":2,\"unit\":\"C\"}".getBytes(StandardCharsets.UTF_8),
                    true));
            watcher.await(ROOT + "/sensors/fridge-7", m -> true);
        }
        assertThat(watcher.on(ROOT + "/orders/RETAINED-1/events")).isEmpty();
    }

    @Test
    void clientSuppliedNamesCannotForgeOrInflateLogLines() throws Exception {
        String forged = "pos-1\n2026-12-01T00:00:00Z INFO FORGED agent ready";
        String huge = "u".repeat(60_000);
        for (int i = 0; i < 100; i++) {
            try (RawClient c = RawClient.open("127.0.0." + (10 + i % 20), config.mqttPort())) {
                c.connect("id\r\nFORGED", i % 2 == 0 ? forged : huge, "wrong-password", null, true);
            }
        }
        List<String> lines =
                log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).noneMatch(l -> l.contains("\n") || l.contains("\r"));
        assertThat(lines.stream().mapToInt(String::length).sum())
                .as("log bytes for 100 bad logins")
                .isLessThan(100 * 400);
        assertThat(lines).anyMatch(l -> l.contains("login failed") && l.contains("\\u000a"));
    }
}
