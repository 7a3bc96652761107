package id.dapur.edge.agent.pipeline;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order pipeline end to end through a real broker and a real H2 file: the same tests run on the
 * embedded broker and on Mosquitto (subclasses say which).
 */
@Timeout(60)
abstract class PipelineContract {
    protected TestConfig config;
    private RunningAgent agent;
    private final List<MqttProbe> probes = new ArrayList<>();
    protected Http admin;
    protected Http pos;
    protected Http wok;
    protected String id;

    /** The test's outlet, wired to the broker under test. */
    protected abstract TestConfig config() throws Exception;

    @BeforeEach
    void startAgent() throws Exception {
        config = config();
        agent = RunningAgent.start(config.load()).awaitReady();
        admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
        pos = new Http(config.http(), TestConfig.POS_TOKEN);
        wok = new Http(config.http(), TestConfig.WOK_TOKEN);
        id = "T" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopAgent() throws Exception {
        for (MqttProbe p : probes) {
            p.close();
        }
        agent.close();
        stopBroker();
    }

    /** Called after the agent has stopped, so it never watches its broker vanish. */
    protected void stopBroker() throws Exception {}

    protected MqttProbe probe(String user, String... filters) throws MqttException {
        MqttProbe p = MqttProbe.connect(config.mqttUrl(), user, PASSWORD).subscribe(filters);
        probes.add(p);
        return p;
    }

    static String events(String orderId) {
        return ROOT + "/orders/" + orderId + "/events";
    }

    static String tickets(String station) {
        return ROOT + "/kds/" + station + "/tickets";
    }

    static String action(String actionId, String ticketId, String action) {
        return "{\"actionId\":\"%s\",\"ticketId\":\"%s\",\"action\":\"%s\"}".formatted(actionId, ticketId, action);
    }

    static JsonNode ticketWhere(MqttProbe p, String station, String ticketId, String status) {
        return p.await(
                tickets(station),
                t -> t.path("ticketId").asText().equals(ticketId)
                        && t.path("status").asText().equals(status));
    }

    @Test
    void anOrderOverMqttIsAcceptedSplitIntoStationsAndPublished() throws Exception {
        MqttProbe kds = probe("kds-wok", ROOT + "/kds/+/tickets");
        MqttProbe till = probe("pos-1", ROOT + "/orders/+/events");
        till.publish(ROOT + "/orders/in", Orders.json(id));

        JsonNode accepted = till.await(events(id), e -> e.path("event").asText().equals("ACCEPTED"));
        assertThat(accepted.path("ticketIds"))
                .extracting(JsonNode::asText)
                .containsExactly(id + "/wok", id + "/bar", id + "/expo");
        JsonNode wokTicket = ticketWhere(kds, "wok", id + "/wok", "NEW");
        assertThat(wokTicket.path("items"))
                .extracting(i -> i.path("lineId").asText())
                .containsExactly("1", "3");
        assertThat(wokTicket.path("items").get(0).path("allergens").get(0).asText())
                .isEqualTo("egg");
        assertThat(ticketWhere(kds, "bar", id + "/bar", "NEW").path("items")).hasSize(1);
        assertThat(ticketWhere(kds, "expo", id + "/expo", "NEW").path("items")).hasSize(3);

        Http.Response stored = pos.get("/api/v1/orders/" + id);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().path("table").asText()).isEqualTo("7");
        assertThat(stored.json().path("tickets")).hasSize(3);
    }

    @Test
    void aRepeatIsDuplicateAndOtherContentUnderTheSameIdIsAConflict() throws Exception {
        MqttProbe till = probe("pos-1", ROOT + "/orders/+/events");
        till.publish(ROOT + "/orders/in", Orders.json(id));
        till.await(events(id), e -> e.path("event").asText().equals("ACCEPTED"));
        till.publish(ROOT + "/orders/in", Orders.json(id));
        till.await(events(id), e -> e.path("event").asText().equals("DUPLICATE"));
        till.publish(ROOT + "/orders/in", Orders.json(id).replace("\"qty\":2", "\"qty\":3"));
        JsonNode rejected = till.await(events(id), e -> e.path("event").asText().equals("REJECTED"));
        assertThat(rejected.path("code").asText()).isEqualTo("ORDER_CONFLICT");
        assertThat(pos.get("/api/v1/orders/" + id)
                        .json()
                        .path("items")
                        .get(0)
                        .path("qty")
                        .asInt())
                .isEqualTo(2);
        assertThat(admin.get("/api/v1/stations/wok/tickets?status=all").json().path("tickets"))
                .hasSize(1);
    }

    @Test
    void theHttpApiAnswersWithContractStatusesAndOneErrorShape() {
        assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);
        Http.Response repeat = pos.post("/api/v1/orders", Orders.json(id));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().path("event").asText()).isEqualTo("DUPLICATE");
        Http.Response conflict = pos.post("/api/v1/orders", Orders.json(id).replace("Es Teh Manis", "Es Jeruk"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("ORDER_CONFLICT");

        Http.Response invalid = pos.post("/api/v1/orders", Orders.json(id + "x").replace("\"qty\":2", "\"qty\":0"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().path("error").path("details").path("field").asText())
                .isEqualTo("items[0].qty");
        assertThat(pos.post("/api/v1/orders", "{not json").errorCode()).isEqualTo("INVALID_JSON");
        assertThat(pos.post("/api/v1/orders", new byte[300 * 1024]).status()).isEqualTo(413);
        assertThat(pos.get("/api/v1/orders/" + id + "x").status()).isEqualTo(404);

        assertThat(new Http(config.http(), null)
                        .post("/api/v1/orders", Orders.json("Z1"))
                        .status())
                .isEqualTo(401);
        assertThat(new Http(config.http(), "wrong-token-0123456789")
                        .get("/api/v1/orders/" + id)
                        .status())
                .isEqualTo(401);
        assertThat(wok.post("/api/v1/orders", Orders.json("Z2")).status()).isEqualTo(403);
        assertThat(new Http(config.http(), TestConfig.SENSOR_TOKEN)
                        .post("/api/v1/orders", Orders.json("Z3"))
                        .errorCode())
                .isEqualTo("FORBIDDEN");
        assertThat(admin.get("/api/v1/nothing-here").errorCode()).isEqualTo("NOT_FOUND");
        assertThat(admin.get("/api/v1/stations/pastry/tickets").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/orders/Z2").status()).isEqualTo(404);
    }

    @Test
    void kitchenActionsMoveTicketsAndTellThePos() throws Exception {
        MqttProbe till = probe("pos-1", ROOT + "/orders/+/events");
        MqttProbe wokScreen = probe("kds-wok", ROOT + "/kds/+/tickets", ROOT + "/kds/wok/results");
        MqttProbe barScreen = probe("kds-bar", ROOT + "/kds/bar/results");
        MqttProbe expoScreen = probe("kds-expo", ROOT + "/kds/expo/results");
        assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);

        wokScreen.publish(ROOT + "/kds/wok/actions", action("a1", id + "/wok", "START"));
        ticketWhere(wokScreen, "wok", id + "/wok", "IN_PROGRESS");
        till.await(events(id), e -> e.path("event").asText().equals("IN_PROGRESS"));

        Http.Response bump =
                wok.post("/api/v1/tickets/" + id + "%2Fwok/actions", "{\"actionId\":\"a2\",\"action\":\"BUMP\"}");
        assertThat(bump.status()).isEqualTo(200);
        assertThat(bump.json().path("ticket").path("status").asText()).isEqualTo("READY");
        Http.Response again =
                wok.post("/api/v1/tickets/" + id + "/wok/actions", "{\"actionId\":\"a2\",\"action\":\"BUMP\"}");
        assertThat(again.json().path("repeated").asBoolean()).isTrue();
        assertThat(again.json().path("ticket").path("version").asInt())
                .isEqualTo(bump.json().path("ticket").path("version").asInt());

        Http.Response otherStation =
                wok.post("/api/v1/tickets/" + id + "/bar/actions", "{\"actionId\":\"a3\",\"action\":\"BUMP\"}");
        assertThat(otherStation.status()).isEqualTo(403);
        assertThat(otherStation.errorCode()).isEqualTo("FORBIDDEN_STATION");

        expoScreen.publish(ROOT + "/kds/expo/actions", action("a4", id + "/expo", "BUMP"));
        JsonNode refused = expoScreen.await(
                ROOT + "/kds/expo/results", r -> r.path("actionId").asText().equals("a4"));
        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").path("code").asText()).isEqualTo("NOT_READY");

        barScreen.publish(ROOT + "/kds/bar/actions", action("b1", id + "/bar", "START"));
        barScreen.publish(ROOT + "/kds/bar/actions", action("b2", id + "/bar", "BUMP"));
        till.await(events(id), e -> e.path("event").asText().equals("READY"));
        ticketWhere(wokScreen, "expo", id + "/expo", "READY");

        expoScreen.publish(ROOT + "/kds/expo/actions", action("a5", id + "/expo", "BUMP"));
        till.await(events(id), e -> e.path("event").asText().equals("SERVED"));
        JsonNode order = pos.get("/api/v1/orders/" + id).json();
        assertThat(order.path("status").asText()).isEqualTo("SERVED");
        assertThat(order.path("tickets"))
                .allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("SERVED"));
        assertThat(admin.get("/api/v1/stations/wok/tickets?status=open").json().path("tickets"))
                .isEmpty();
        assertThat(admin.get("/api/v1/stations/wok/tickets?status=done").json().path("tickets"))
                .hasSize(1);
    }

    @Test
    void voidsReachTheAffectedTicketsAndScreens() throws Exception {
        MqttProbe till = probe("pos-1", ROOT + "/orders/+/events");
        MqttProbe screens = probe("kds-expo", ROOT + "/kds/+/tickets");
        till.publish(ROOT + "/orders/in", Orders.json(id));
        till.await(events(id), e -> e.path("event").asText().equals("ACCEPTED"));

        till.publish(ROOT + "/orders/void", "{\"orderId\":\"" + id + "\",\"lineIds\":[\"2\"],\"reason\":\"habis\"}");
        ticketWhere(screens, "bar", id + "/bar", "VOIDED");
        JsonNode partial = till.await(events(id), e -> e.path("event").asText().equals("VOIDED"));
        assertThat(partial.path("lineIds")).extracting(JsonNode::asText).containsExactly("2");
        JsonNode expo = screens.await(
                tickets("expo"),
                t -> t.path("ticketId").asText().equals(id + "/expo")
                        && t.path("items").get(1).path("status").asText().equals("VOIDED"));
        assertThat(expo.path("status").asText()).isEqualTo("NEW");

        Http.Response whole = pos.post("/api/v1/orders/" + id + "/void", "{\"reason\":\"guest left\"}");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.json().path("orderStatus").asText()).isEqualTo("VOIDED");
        ticketWhere(screens, "wok", id + "/wok", "VOIDED");
        assertThat(pos.post("/api/v1/orders/" + id + "/void", "{\"reason\":\"x\",\"lineIds\":[\"9\"]}")
                        .errorCode())
                .isEqualTo("UNKNOWN_LINE");
        assertThat(pos.post("/api/v1/orders/NOPE-1/void", "{\"reason\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void rolesAreEnforcedByTheBrokerAndTheAgent() throws Exception {
        MqttProbe watcher = probe("ops", ROOT + "/orders/+/events", ROOT + "/deadletter", ROOT + "/kds/+/tickets");
        MqttProbe sensor = MqttProbe.connect(config.mqttUrl(), "sensor-1", PASSWORD);
        probes.add(sensor);
        MqttProbe wokScreen = probe("kds-wok");
        MqttProbe till = probe("pos-1");
        till.publish(ROOT + "/orders/in", Orders.json(id));
        watcher.await(events(id), e -> e.path("event").asText().equals("ACCEPTED"));

        try {
            sensor.publish(ROOT + "/orders/in", Orders.json(id + "s"));
        } catch (MqttException refusedOutright) {
            // a broker may also drop the connection; either way nothing may be stored
        }
        try {
            wokScreen.publish(ROOT + "/kds/bar/actions", action("w1", id + "/bar", "START"));
        } catch (MqttException refusedOutright) {
            // as above
        }
        MqttProbe wokAgain = wokScreen.isConnected() ? wokScreen : probe("kds-wok");
        wokAgain.publish(ROOT + "/kds/wok/actions", action("w2", id + "/bar", "START"));
        JsonNode dead = watcher.await(
                ROOT + "/deadletter",
                d -> d.path("reason").path("code").asText().equals("FORBIDDEN_STATION"));
        assertThat(dead.path("topic").asText()).isEqualTo(ROOT + "/kds/wok/actions");

        // a sentinel through the same path: once it is accepted, anything published before it was seen
        till.publish(ROOT + "/orders/in", Orders.json(id + "z"));
        watcher.await(events(id + "z"), e -> e.path("event").asText().equals("ACCEPTED"));
        assertThat(pos.get("/api/v1/orders/" + id + "s").status()).isEqualTo(404);
        assertThat(pos.get("/api/v1/orders/" + id)
                        .json()
                        .path("tickets")
                        .get(1)
                        .path("status")
                        .asText())
                .isEqualTo("NEW");
    }

    @Test
    void badInputIsDeadLetteredWithACodeAndTheAgentKeepsWorking() throws Exception {
        MqttProbe watcher = probe("ops", ROOT + "/orders/+/events", ROOT + "/deadletter");
        MqttProbe till = probe("pos-1");
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) 'x');
        till.publish(ROOT + "/orders/in", "this is not json");
        till.publish(ROOT + "/orders/in", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        till.publish(ROOT + "/orders/in", big);
        till.publish(ROOT + "/orders/in", Orders.json("bad id!"));
        till.publish(ROOT + "/orders/in", Orders.json(id + "q").replace("\"qty\":2", "\"qty\":1000"));
        till.publish(ROOT + "/orders/in", Orders.json(id + "d").replace("\"lineId\":\"2\"", "\"lineId\":\"1\""));
        till.publish(ROOT + "/orders/void", "{\"orderId\":\"" + id + "\"}");
        for (String code : List.of("INVALID_JSON", "NOT_UTF8", "PAYLOAD_TOO_LARGE", "INVALID_ORDER", "INVALID_VOID")) {
            watcher.await(
                    ROOT + "/deadletter",
                    d -> d.path("reason").path("code").asText().equals(code));
        }
        JsonNode qty =
                watcher.await(events(id + "q"), e -> e.path("event").asText().equals("REJECTED"));
        assertThat(qty.path("message").asText()).contains("items[0].qty");
        JsonNode dup =
                watcher.await(events(id + "d"), e -> e.path("event").asText().equals("REJECTED"));
        assertThat(dup.path("message").asText()).contains("used twice");
        assertThat(watcher.on(ROOT + "/deadletter"))
                .allSatisfy(d -> assertThat(d.payload().length()).isLessThan(2048));

        till.publish(ROOT + "/orders/in", Orders.json(id));
        watcher.await(events(id), e -> e.path("event").asText().equals("ACCEPTED"));
        assertThat(pos.get("/api/v1/orders/" + id + "q").status()).isEqualTo(404);
    }

    @Test
    void anonymousAndWrongPasswordConnectionsAreRefused() {
        assertThatThrownBy(() -> MqttProbe.connect(config.mqttUrl(), "pos-1", "wrong-password")
                        .close())
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() ->
                        MqttProbe.connect(config.mqttUrl(), "nobody", PASSWORD).close())
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> {
                    org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(
                            config.mqttUrl(), "anon", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
                    c.connect();
                    c.disconnect();
                })
                .isInstanceOf(MqttException.class);
    }

    @Test
    void theAgentStatusIsRetainedOnline() throws Exception {
        probe("pos-1", ROOT + "/agent/status")
                .await(ROOT + "/agent/status", s -> s.path("state").asText().equals("ONLINE"));
        // ONLINE is now known to be at the broker: a subscriber that comes later gets it only if retained
        MqttProbe late = probe("kds-wok", ROOT + "/agent/status");
        JsonNode status =
                late.await(ROOT + "/agent/status", s -> s.path("state").asText().equals("ONLINE"));
        assertThat(status.path("version").asText()).isNotEmpty();
        assertThat(late.on(ROOT + "/agent/status").get(0).retained())
                .as("delivered for a new subscription: RETAIN set")
                .isTrue();
        Http.Response health = new Http(config.http(), null).get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("checks").path("broker").asText()).isEqualTo("UP");
    }

    @Test
    void stationTicketsAreListedOldestFirstAndPaged() {
        Http anon = new Http(config.http(), null);
        long publishedBefore = publishCount(anon);
        for (int i = 0; i < 5; i++) {
            assertThat(pos.post("/api/v1/orders", Orders.json(id + "-" + i)).status())
                    .isEqualTo(201);
        }
        JsonNode page1 = wok.get("/api/v1/stations/wok/tickets?limit=3").json();
        assertThat(page1.path("tickets"))
                .extracting(t -> t.path("orderId").asText())
                .containsExactly(id + "-0", id + "-1", id + "-2");
        JsonNode page2 = wok.get("/api/v1/stations/wok/tickets?limit=3&after="
                        + page1.path("next").asLong())
                .json();
        assertThat(page2.path("tickets"))
                .extracting(t -> t.path("orderId").asText())
                .containsExactly(id + "-3", id + "-4");
        assertThat(page2.has("next")).isFalse();
        assertThat(wok.get("/api/v1/stations/wok/tickets?status=bogus").errorCode())
                .isEqualTo("INVALID_QUERY");
        assertThat(anon.get("/metrics").body()).contains("dapur_orders_total{result=\"accepted\"} 5.0");
        // 5 orders x (ACCEPTED + 3 tickets) confirmed by the broker, each timed from commit to PUBACK (the
        // kitchen load, republished when its quote changes, comes on top)
        org.awaitility.Awaitility.await("publish latency recorded")
                .atMost(Duration.ofSeconds(10))
                .until(() -> publishCount(anon) >= publishedBefore + 20);
    }

    private static long publishCount(Http anon) {
        Matcher m = Pattern.compile("(?m)^dapur_outbox_publish_latency_seconds_count ([0-9.]+)")
                .matcher(anon.get("/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
