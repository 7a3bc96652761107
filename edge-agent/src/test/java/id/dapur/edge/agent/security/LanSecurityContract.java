package id.dapur.edge.agent.security;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RawClient;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LAN attacks of the hostile-LAN review, each reproduced as the attacker did it and
 * expected to fail now: on the embedded broker behind the front door, and on Mosquitto with the
 * generated configuration (subclasses). Attackers connect from other loopback addresses
 * (127.0.0.2-9), so per-address rules bite them and not the test's own clients on 127.0.0.1.
 */
@Timeout(90)
abstract class LanSecurityContract {
    protected TestConfig config;
    protected RunningAgent agent;
    protected final List<MqttProbe> probes = new ArrayList<>();
    protected Http pos;
    protected Http admin;
    protected MqttProbe watcher;
    protected MqttProbe till;

    protected abstract TestConfig config() throws Exception;

    /** Whether LAN clients reach the broker through the agent's front door (embedded) or not (Mosquitto). */
    protected abstract boolean frontDoor();

    protected void stopBroker() throws Exception {}

    /** The broker port LAN clients use. */
    protected int brokerPort() {
        return config.mqttPort();
    }

    @BeforeEach
    void start() throws Exception {
        config = config();
        agent = RunningAgent.start(config.loadEdited(this::edit)).awaitReady();
        pos = new Http(config.http(), TestConfig.POS_TOKEN);
        admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
        watcher = probe("ops", "#");
        till = probe("pos-1");
    }

    /** Short limits so the tests are quick. */
    protected String edit(String yaml) {
        return yaml.replace(
                        "  embedded: { port: " + config.mqttPort() + ", host: 127.0.0.1 }",
                        "  embedded: { port: " + config.mqttPort()
                                + ", host: 127.0.0.1, loginTimeout: 2s, maxConnectionsPerAddress: 8 }")
                .replace(
                        "  host: 127.0.0.1\n  port: " + config.httpPort(),
                        "  host: 127.0.0.1\n  port: " + config.httpPort() + "\n  maxConnectionsPerAddress: 8");
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttProbe p : probes) {
            p.close();
        }
        agent.close();
        stopBroker();
    }

    protected MqttProbe probe(String user, String... filters) throws MqttException {
        MqttProbe p = MqttProbe.connect(config.mqttUrl(), user, PASSWORD).subscribe(filters);
        probes.add(p);
        return p;
    }

    protected String accepted(String orderId) throws MqttException {
        till.publish(ROOT + "/orders/in", Orders.json(orderId));
        watcher.await(
                ROOT + "/orders/" + orderId + "/events",
                e -> e.path("event").asText().equals("ACCEPTED"));
        return orderId;
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Finding 1: a Will on a topic the account may not publish to is never delivered. */
    @Test
    void aWillCannotDoWhatItsAccountMayNot() throws Exception {
        String victim = accepted(newId("V"));
        String injected = newId("I");
        String phantom = newId("P");
        List<RawClient.Will> forged = List.of(
                new RawClient.Will(ROOT + "/orders/void", "{\"orderId\":\"" + victim + "\",\"reason\":\"x\"}", false),
                new RawClient.Will(ROOT + "/orders/in", Orders.json(injected), false),
                new RawClient.Will(
                        ROOT + "/kds/bar/actions",
                        "{\"actionId\":\"w1\",\"ticketId\":\"" + victim + "/bar\",\"action\":\"START\"}",
                        false),
                new RawClient.Will(
                        ROOT + "/orders/" + phantom + "/events",
                        "{\"orderId\":\"" + phantom + "\",\"event\":\"ACCEPTED\"}",
                        false),
                new RawClient.Will(ROOT + "/agent/status", "{\"state\":\"OFFLINE\"}", true));
        int i = 0;
        for (RawClient.Will w : forged) {
            try (RawClient sensor = RawClient.open("127.0.0.2", brokerPort())) {
                int code = sensor.connect("sensor-1-w" + i++, "sensor-1", PASSWORD, w, true);
                if (frontDoor()) {
                    assertThat(code).as("CONNECT with a Will on " + w.topic()).isEqualTo(5);
                }
                sensor.abort();
            }
        }
        // a Will the sensor may leave, dropped after the forged ones, and an order after that: sentinels
        try (RawClient sensor = RawClient.open("127.0.0.2", brokerPort())) {
            assertThat(sensor.connect(
                            "sensor-1-ok",
                            "sensor-1",
                            PASSWORD,
                            new RawClient.Will(ROOT + "/sensors/fridge-9", "{\"temperature\":1,\"unit\":\"C\"}", false),
                            true))
                    .isZero();
            sensor.abort();
        }
        watcher.await(ROOT + "/sensors/fridge-9", m -> true);
        accepted(newId("S"));

        assertThat(pos.get("/api/v1/orders/" + victim).json().path("tickets").findValuesAsText("status"))
                .doesNotContain("VOIDED", "IN_PROGRESS");
        assertThat(pos.get("/api/v1/orders/" + injected).status()).isEqualTo(404);
        assertThat(watcher.on(ROOT + "/orders/" + phantom + "/events")).isEmpty();
        assertThat(watcher.on(ROOT + "/agent/status"))
                .noneMatch(m -> m.payload().contains("OFFLINE"));
    }

    /** Finding 3: nobody can take the agent's own connection by using its client id. */
    @Test
    void theAgentsClientIdsCannotBeTaken() throws Exception {
        String outletPrefix = "dapur-" + TestConfig.OUTLET;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            for (String suffix : List.of("-sub", "-pub")) {
                try (RawClient thief = RawClient.open("127.0.0.3", brokerPort())) {
                    int code = thief.connect(outletPrefix + suffix, "sensor-1", PASSWORD, null, true);
                    if (frontDoor()) {
                        assertThat(code).as("CONNECT as the agent's id").isEqualTo(2);
                    }
                }
            }
            String id = newId("C");
            till.publish(ROOT + "/orders/in", Orders.json(id));
            ids.add(id);
        }
        for (String id : ids) {
            watcher.await(
                    ROOT + "/orders/" + id + "/events",
                    e -> e.path("event").asText().equals("ACCEPTED"));
        }
        assertThat(agent.agent().health().up()).isTrue();
    }

    /** Finding 4: a persistent session queued for a kitchen screen is not delivered to another account. */
    @Test
    void aPersistentSessionCannotBeResumedByAnotherAccount() throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("kds-wok");
        o.setPassword(PASSWORD.toCharArray());
        o.setCleanSession(false);
        MqttClient screen = new MqttClient(config.mqttUrl(), "kds-wok-screen1", new MemoryPersistence());
        screen.connect(o);
        screen.subscribe(new String[] {ROOT + "/kds/wok/tickets"}, new int[] {1});
        screen.disconnect();
        screen.close();
        accepted(newId("Q")); // a wok ticket is now queued for kds-wok-screen1

        MqttConnectOptions thief = new MqttConnectOptions();
        thief.setUserName("sensor-1");
        thief.setPassword(PASSWORD.toCharArray());
        thief.setCleanSession(false);
        MqttClient c = new MqttClient(config.mqttUrl(), "kds-wok-screen1", new MemoryPersistence());
        List<String> got = new CopyOnWriteArrayList<>();
        c.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                got.add(topic);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
        });
        try {
            c.connect(thief);
        } catch (MqttException refused) {
            assertThat(frontDoor())
                    .as("refused at the door: " + refused.getReasonCode())
                    .isTrue();
            assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
            c.close();
            return;
        }
        assertThat(frontDoor())
                .as("the front door must refuse another account's client id")
                .isFalse();
        // queued messages are delivered on connect, before anything the new subscription brings: a sentinel
        c.subscribe(new String[] {ROOT + "/agent/status"}, new int[] {1});
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> got.contains(ROOT + "/agent/status"));
        c.disconnect();
        c.close();
        assertThat(got).noneMatch(t -> t.contains("/kds/"));
    }

    /** Finding 5: a flood of garbage does not starve orders, and is recorded in a bounded way. */
    @Test
    void garbageDoesNotStarveOrders() throws Exception {
        MqttProbe flooder = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD);
        List<String> legit = new ArrayList<>();
        byte[] junk = "this is not json".getBytes(StandardCharsets.UTF_8);
        int sent = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 400 && flooder.isConnected(); i++) {
                try {
                    flooder.publishQos0(ROOT + "/orders/in", junk);
                    sent++;
                } catch (MqttException e) {
                    break; // disconnected by the front door
                }
            }
            String id = newId("G");
            till.publish(ROOT + "/orders/in", Orders.json(id));
            legit.add(id);
        }
        for (String id : legit) {
            watcher.await(
                    ROOT + "/orders/" + id + "/events",
                    e -> e.path("event").asText().equals("ACCEPTED"));
        }
        assertThat(agent.agent().health().up()).isTrue();
        long recorded = watcher.on(ROOT + "/deadletter").stream()
                .filter(d -> !d.payload().contains("SUPPRESSED"))
                .count();
        assertThat(recorded)
                .as("dead letters recorded one by one, of " + sent + " sent")
                .isLessThanOrEqualTo(25);
        if (frontDoor()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !flooder.isConnected());
            assertThatThrownBy(() -> MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)
                            .close())
                    .as("the same account from the same address is refused for a while")
                    .isInstanceOf(MqttException.class);
            assertThat(admin.get("/metrics").body())
                    .contains("dapur_mqtt_front_refused_total{reason=\"garbage_disconnect\"} 1.0");
        }
        try {
            flooder.close();
        } catch (MqttException ignored) {
            // already gone
        }
    }

    /** Finding 6: ten failed logins lock the address out, on HTTP and (front door) MQTT. */
    @Test
    void repeatedFailedLoginsLockTheAddressOut() throws Exception {
        int httpPort = config.httpPort();
        for (int i = 0; i < 10; i++) {
            try (RawClient c = RawClient.open("127.0.0.4", httpPort)) {
                assertThat(c.httpHead("GET", "/api/v1/stations/wok/tickets", "Bearer wrong-token-" + i))
                        .startsWith("HTTP/1.1 401");
            }
        }
        try (RawClient c = RawClient.open("127.0.0.4", httpPort)) {
            String head = c.httpHead("GET", "/api/v1/stations/wok/tickets", "Bearer " + TestConfig.ADMIN_TOKEN);
            assertThat(head).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after:");
        }
        try (RawClient c = RawClient.open("127.0.0.4", httpPort)) {
            assertThat(c.httpHead("GET", "/kds/wok?token=" + TestConfig.WOK_TOKEN, null))
                    .startsWith("HTTP/1.1 429");
        }
        assertThat(admin.get("/api/v1/stations/wok/tickets").status())
                .as("other addresses are not locked")
                .isEqualTo(200);
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).contains("dapur_login_lockouts_total{listener=\"http\"} 1.0");

        if (frontDoor()) {
            for (int i = 0; i < 10; i++) {
                try (RawClient c = RawClient.open("127.0.0.5", brokerPort())) {
                    assertThat(c.connect("pos-1-x" + i, "pos-1", "wrong-password-" + i, null, true))
                            .isEqualTo(4);
                }
            }
            try (RawClient c = RawClient.open("127.0.0.5", brokerPort())) {
                assertThat(c.connect("pos-1-x", "pos-1", PASSWORD, null, true))
                        .as("good password, locked address")
                        .isEqualTo(5);
            }
            accepted(newId("L")); // 127.0.0.1 still works
            assertThat(admin.get("/metrics").body()).contains("dapur_login_lockouts_total{listener=\"mqtt\"} 1.0");
        }
    }
}
