package id.dapur.edge.agent.floor;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Kitchen load and pacing end to end: the level and quote over HTTP, retained on MQTT
 * (published when they change) and on the screens; a paced line waits on the bar's screen until the
 * cook fires it early.
 */
class KitchenLoadIT {
    static TestConfig cfg;
    static RunningAgent agent;
    static MqttProbe pos;
    static Http admin;

    @BeforeAll
    static void start() throws Exception {
        cfg = TestConfig.embedded(Files.createTempDirectory("dapur-load"));
        // an order of Orders.json puts 4 items (2 + dessert + ...) on wok, 1 on bar: at 1 min each, 1 at a time
        agent = RunningAgent.start(
                        cfg.loadEdited(
                                y -> y.replace(
                                                        "kitchen: { printWhenScreensDownAfter: 0s, shownWithin: 1h }",
                                                        "kitchen: { printWhenScreensDownAfter: 0s, shownWithin: 1h, load: { defaultPrepTime: 1m, busyAt: 4m, slammedAt: 6m, parallel: 1 } }")
                                                .replace(
                                                        "- { id: bar, name: Drinks, categories: [drinks] }",
                                                        "- { id: bar, name: Drinks, categories: [drinks], pacing: true }")
                                        + "menu: { items: [ { sku: NG-01, name: Nasi Goreng, prepTime: 6m }, { sku: ET-01, name: Es Teh, prepTime: 1m } ] }\n"))
                .awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD).subscribe(ROOT + "/orders/+/events");
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pos != null) {
            pos.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    static void order(String id) throws Exception {
        pos.publish(ROOT + "/orders/in", Orders.json(id));
        pos.await(
                ROOT + "/orders/" + id + "/events",
                e -> e.path("event").asText().equals("ACCEPTED"));
    }

    static JsonNode station(JsonNode load, String id) {
        for (JsonNode s : load.path("stations")) {
            if (s.path("station").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no " + id + " in " + load);
    }

    @Test
    void theLoadRisesWithOrdersIsRetainedForPosTerminalsAndShowsOnTheScreens() throws Exception {
        JsonNode idle = admin.get("/api/v1/kitchen/load").json();
        assertThat(idle.path("level").asText()).isEqualTo("NORMAL");
        assertThat(idle.path("quoteMinutes").asLong()).isEqualTo(1);
        assertThat(new Http(cfg.http(), TestConfig.POS_TOKEN)
                        .get("/api/v1/kitchen/load")
                        .status())
                .isEqualTo(200);

        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            b.until(() -> "NORMAL".equals(b.all("#load").get(0).getAttribute("data-level")), "the level on the screen");

            order("LOAD-1"); // wok: Nasi Goreng x2 + Pisang Goreng = 3 items, 3 min; quote 4 min
            JsonNode busy = admin.get("/api/v1/kitchen/load").json();
            assertThat(station(busy, "wok").path("openItems").asInt()).isEqualTo(3);
            assertThat(station(busy, "wok").path("estimatedWaitSeconds").asLong())
                    .isEqualTo(180);
            assertThat(busy.path("quoteMinutes").asLong()).isEqualTo(4);
            assertThat(busy.path("level").asText()).isEqualTo("BUSY");
            b.until(() -> "BUSY".equals(b.all("#load").get(0).getAttribute("data-level")), "BUSY on the screen");
            assertThat(b.text("#load")).contains("BUSY", "4 min");
            Path shots = Paths.get(System.getProperty("screenshots.dir", "target/screenshots"));
            b.screenshot(shots.resolve("kds-busy.png"));

            order("LOAD-2");
            assertThat(admin.get("/api/v1/kitchen/load").json().path("level").asText())
                    .isEqualTo("SLAMMED");
        }

        // a POS that connects now reads the latest load, retained
        MqttProbe late =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/kitchen/load");
        try {
            // published at most every 2 s: the retained one, or the next, says SLAMMED
            late.await(ROOT + "/kitchen/load", m -> m.path("level").asText().equals("SLAMMED"));
            late.close();
            late = MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/kitchen/load");
            JsonNode retained = late.await(ROOT + "/kitchen/load", m -> m.has("level"));
            // nothing changed since: what a new subscriber gets at once is what the broker kept, flagged as such
            assertThat(late.on(ROOT + "/kitchen/load").get(0).retained()).isTrue();
            assertThat(retained.path("level").asText()).isEqualTo("SLAMMED");
            assertThat(retained.path("quoteMinutes").asLong()).isEqualTo(7);
            assertThat(retained.hasNonNull("ts")).isTrue();
            for (String id : new String[] {"LOAD-1", "LOAD-2"}) {
                assertThat(admin.post("/api/v1/orders/" + id + "/void", "{\"reason\": \"test\"}")
                                .status())
                        .isEqualTo(200);
            }
            late.await(ROOT + "/kitchen/load", m -> m.path("level").asText().equals("NORMAL"));
        } finally {
            late.close();
        }
    }

    @Test
    void aPacedLineWaitsOnTheScreenUntilItsTimeOrUntilTheCookFiresIt() throws Exception {
        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/bar?token=" + TestConfig.BAR_TOKEN).awaitState("live");
            pos.publish(ROOT + "/orders/in", """
                    {"orderId": "PACE-1", "source": "pos-1", "channel": "DINE_IN", "placedAt": "2026-12-02T07:00:00Z",
                     "items": [{"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok"},
                               {"lineId": "2", "sku": "ET-01", "name": "Es Teh", "qty": 1, "category": "drinks"}]}
                    """);
            pos.await(
                    ROOT + "/orders/PACE-1/events",
                    e -> e.path("event").asText().equals("ACCEPTED"));
            JsonNode order = admin.get("/api/v1/orders/PACE-1").json();
            JsonNode bar = null;
            for (JsonNode t : order.path("tickets")) {
                if (t.path("station").asText().equals("bar")) {
                    bar = t.at("/items/0");
                }
            }
            Instant created = Instant.parse(order.at("/tickets/0/createdAt").asText());
            assertThat(Instant.parse(bar.path("fireAt").asText()))
                    .as("Es Teh waits 5 of Nasi Goreng's 6 minutes")
                    .isEqualTo(created.plus(Duration.ofMinutes(5)));
            b.until(
                    () -> b.card("PACE-1/bar") != null
                            && !b.card("PACE-1/bar")
                                    .findElements(By.cssSelector("li.line.paced .paced-tag"))
                                    .isEmpty(),
                    "the waiting line");
            assertThat(b.card("PACE-1/bar").getText()).contains("fire at");
            b.press(b.keyOf("PACE-1/bar"));
            b.press(org.openqa.selenium.Keys.ARROW_DOWN);
            b.press("f");
            b.until(
                    () -> b.card("PACE-1/bar") != null
                            && b.card("PACE-1/bar")
                                    .findElements(By.cssSelector("li.line.paced"))
                                    .isEmpty(),
                    "the line fired early");
            assertThat(admin.get("/api/v1/orders/PACE-1").json().toString()).doesNotContain("fireAt");
        } finally {
            admin.post(
                    "/api/v1/orders/PACE-1/void",
                    "{\"reason\": \"test done\"}"); // the other test starts from an idle kitchen
        }
    }
}
