package id.dapur.edge.agent.cloud;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery orders from the back office through the cloud's order feed: they arrive through the POS
 * intake with their channel and platform id, a malformed one is dead-lettered and reported REJECTED,
 * the results and the kitchen's READY go back through the outbox, and every order reaches the kitchen
 * exactly once across a cloud outage, an agent restart and a cloud that serves the feed again from its start.
 */
class DeliveryFeedIT {
    static final String CODE = "PROV-FEED-1234";
    FakeCloud cloud;
    TestConfig cfg;
    RunningAgent agent;

    @BeforeEach
    void start() throws Exception {
        cloud = FakeCloud.start().provisioningCode(CODE);
        cfg = TestConfig.embedded(Files.createTempDirectory("dapur-feed"));
        agent = startAgent();
    }

    RunningAgent startAgent() throws Exception {
        return RunningAgent.start(cfg.load(TestConfig.cloudYaml(cloud.url(), CODE)))
                .awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        cloud.close();
    }

    static JsonNode order(String orderId, String channel, String platformId) {
        return Json.tree("""
                {"orderId": "%s", "source": "cloud", "channel": "%s", "placedAt": "2026-12-02T07:00:00Z",
                 "customer": {"displayName": "Driver %s"}, "platformOrderId": "%s",
                 "items": [{"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok"},
                           {"lineId": "2", "name": "Es Teh", "qty": 2, "category": "drinks"}]}
                """.formatted(orderId, channel, platformId, platformId));
    }

    List<JsonNode> results(String result) {
        return cloud.events("orders").stream()
                .filter(e -> e.type().equals("FEED_ORDER_RESULT"))
                .map(FakeCloud.Received::payload)
                .filter(p -> p.path("result").asText().equals(result))
                .toList();
    }

    /** The cloud heard that the agent has this order: ACCEPTED, or DUPLICATE when an earlier take stored it but its result was lost. */
    boolean taken(String orderId) {
        return cloud.events("orders").stream()
                .filter(e -> e.type().equals("FEED_ORDER_RESULT"))
                .map(FakeCloud.Received::payload)
                .anyMatch(p -> p.path("orderId").asText().equals(orderId)
                        && p.path("result").asText().matches("ACCEPTED|DUPLICATE"));
    }

    long newOrdersAtTheCloud(String orderId) {
        return cloud.events("orders").stream()
                .filter(e -> e.type().equals("ORDER")
                        && e.payload().path("orderId").asText().equals(orderId))
                .count();
    }

    @Test
    void deliveryOrdersArriveThroughTheIntakeAndTheirResultsAndReadyGoBack() throws Exception {
        MqttProbe watch =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/deadletter");
        try {
            cloud.feedOrder(
                    TestConfig.OUTLET, "f-1", "GRABFOOD", "GF-A1B2C3", order("GF-A1B2C3", "GRABFOOD", "GF-A1B2C3"));
            cloud.feedOrder(TestConfig.OUTLET, "f-2", "GOFOOD", "F-778899", order("GO-778899", "GOFOOD", "F-778899"));
            JsonNode bad = order("SF-1", "SHOPEEFOOD", "SF-1");
            ((ObjectNode) bad).remove("items");
            cloud.feedOrder(TestConfig.OUTLET, "f-3", "SHOPEEFOOD", "SF-1", bad);
            cloud.feedOrder(TestConfig.OUTLET, "f-4", "SHOPEEFOOD", "SF-2", null);
            cloud.feedOrder(TestConfig.OUTLET, "f-5", "SHOPEEFOOD", "SF-3", order("SP-3", "SHOPEEFOOD", "SF-3"));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> results("ACCEPTED").size() == 3
                            && results("REJECTED").size() == 2);
            Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
            JsonNode grab = admin.get("/api/v1/orders/GF-A1B2C3").json();
            assertThat(grab.path("channel").asText()).isEqualTo("GRABFOOD");
            assertThat(grab.path("platformOrderId").asText())
                    .as("the platform's own id is kept")
                    .isEqualTo("GF-A1B2C3");
            assertThat(grab.path("tickets")).hasSize(3);
            JsonNode accepted = results("ACCEPTED").get(0);
            assertThat(accepted.path("feedId").asText()).isEqualTo("f-1");
            assertThat(accepted.path("platformOrderId").asText()).isEqualTo("GF-A1B2C3");
            assertThat(accepted.path("orderId").asText()).isEqualTo("GF-A1B2C3");
            assertThat(Instant.parse(accepted.path("readyBy").asText()))
                    .isAfter(Instant.now().minusSeconds(60));
            assertThat(results("REJECTED"))
                    .extracting(r -> r.path("code").asText())
                    .containsExactly("INVALID_ORDER", "INVALID_ORDER");
            assertThat(results("REJECTED").get(0).path("message").asText()).contains("items");
            assertThat(results("ACCEPTED"))
                    .extracting(r -> r.path("orderId").asText())
                    .as("in feed order")
                    .containsExactly("GF-A1B2C3", "GO-778899", "SP-3");
            watch.await(ROOT + "/deadletter", d -> d.path("topic").asText().startsWith("cloud:feed/SHOPEEFOOD"));

            // the kitchen marks it ready: the cloud hears it (ORDER_EVENT READY), for the platform
            for (String station : new String[] {"wok", "bar"}) {
                String t = "GF-A1B2C3/" + station;
                assertThat(admin.post(
                                        "/api/v1/tickets/" + t + "/actions",
                                        "{\"actionId\": \"" + station + "-s\", \"action\": \"START\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(admin.post(
                                        "/api/v1/tickets/" + t + "/actions",
                                        "{\"actionId\": \"" + station + "-b\", \"action\": \"BUMP\"}")
                                .status())
                        .isEqualTo(200);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> cloud.events("orders").stream()
                            .anyMatch(e -> e.type().equals("ORDER_EVENT")
                                    && e.payload().path("orderId").asText().equals("GF-A1B2C3")
                                    && e.payload().path("event").asText().equals("READY")));
        } finally {
            watch.close();
        }
    }

    @Test
    void everyOrderReachesTheKitchenExactlyOnceAcrossAnOutageARestartAndAReplayedFeed() throws Exception {
        cloud.feedOrder(TestConfig.OUTLET, "f-1", "GRABFOOD", "GF-1", order("GF-1", "GRABFOOD", "GF-1"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken("GF-1"));

        cloud.fail(503, -1); // the cloud goes away; orders queue up there
        // a long-poll waiting at the cloud may be answered with it just as the agent stops: taken or not, the
        // agent that starts next asks again from the cursor it stored
        cloud.feedOrder(TestConfig.OUTLET, "f-2", "GOFOOD", "GO-2", order("GO-2", "GOFOOD", "GO-2"));
        agent.close(); // and the agent restarts meanwhile
        agent = startAgent();
        cloud.heal();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken("GO-2"));

        // a cloud that lost track serves the whole feed again: every repeat answers DUPLICATE
        cloud.replayFeed(true);
        cloud.feedOrder(TestConfig.OUTLET, "f-3", "SHOPEEFOOD", "SP-3", order("SP-3", "SHOPEEFOOD", "SP-3"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> taken("SP-3") && results("DUPLICATE").size() >= 2);
        cloud.replayFeed(false);
        for (String id : new String[] {"GF-1", "GO-2", "SP-3"}) {
            assertThat(newOrdersAtTheCloud(id))
                    .as(id + " accepted once (its ORDER event is written with the acceptance)")
                    .isEqualTo(1);
            assertThat(results("ACCEPTED").stream()
                            .filter(r -> r.path("orderId").asText().equals(id))
                            .count())
                    .isLessThanOrEqualTo(1);
        }
        Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        assertThat(admin.get("/api/v1/stations/wok/tickets?status=all").json().path("tickets"))
                .as("one wok ticket per order")
                .hasSize(3);
    }
}
