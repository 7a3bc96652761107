package id.dapur.edge.agent.floor;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The 86 board end to end against a real agent: over HTTP and MQTT, the retained list,
 * the flagged ticket line and the ACCEPTED warning, the cloud's copy of every change, an {@code until}
 * that ends by itself, bad input that changes nothing, and the key and touch flow in Chromium.
 */
class MenuAvailabilityIT {
    static final AtomicInteger IDS = new AtomicInteger();
    static TestConfig cfg;
    static FakeCloud cloud;
    static RunningAgent agent;
    static MqttProbe pos;
    static Http admin;
    static Http wok;

    @BeforeAll
    static void start() throws Exception {
        cloud = FakeCloud.start().provisioningCode("PROV-86-MENU-BOARD");
        cfg = TestConfig.embedded(Files.createTempDirectory("dapur-86"));
        agent = RunningAgent.start(cfg.load(TestConfig.cloudYaml(cloud.url(), "PROV-86-MENU-BOARD") + """
                menu:
                  items:
                    - { sku: NG-01, name: Nasi Goreng }
                    - { sku: ET-01, name: Es Teh Manis }
                    - { sku: PG-01, name: Pisang Goreng }
                  modifiers: [extra pedas, tanpa es]
                """))
                .awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD).subscribe(ROOT + "/orders/+/events");
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {pos, agent, cloud}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void everythingAvailable() {
        for (JsonNode u : admin.get("/api/v1/menu/availability").json().path("unavailable")) {
            assertThat(admin.post(
                                    "/api/v1/menu/availability",
                                    "{\"sku\": \"" + u.path("sku").asText() + "\", \"available\": true}")
                            .status())
                    .isEqualTo(200);
        }
    }

    static String order(String id, String modifiers) {
        return """
                {"orderId": "%s", "source": "pos-1", "channel": "TAKEAWAY", "placedAt": "2026-12-02T07:00:00Z",
                 "items": [{"lineId": "1", "sku": "NG-01", "name": "Nasi Goreng", "qty": 1, "category": "wok", "modifiers": %s},
                           {"lineId": "2", "sku": "ET-01", "name": "Es Teh Manis", "qty": 2, "category": "drinks"}]}
                """.formatted(id, modifiers);
    }

    static JsonNode line(String orderId, String station, String lineId) {
        for (JsonNode t : admin.get("/api/v1/orders/" + orderId).json().path("tickets")) {
            if (t.path("station").asText().equals(station)) {
                for (JsonNode l : t.path("items")) {
                    if (l.path("lineId").asText().equals(lineId)) {
                        return l;
                    }
                }
            }
        }
        throw new AssertionError("no line " + lineId + " at " + station + " in " + orderId);
    }

    @Test
    void anItemMarkedOutIsListedRetainedFlaggedOnItsLineWarnedAboutAndSentToTheCloud() throws Exception {
        Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Http.Response marked = wok.post(
                "/api/v1/menu/availability",
                "{\"sku\": \"NG-01\", \"available\": false, \"reason\": \"beras habis\", \"until\": \"" + until
                        + "\"}");
        assertThat(marked.status()).isEqualTo(200);
        assertThat(marked.json().path("name").asText()).as("the menu's name").isEqualTo("Nasi Goreng");
        assertThat(marked.json().path("by").asText()).isEqualTo("kds-wok");
        assertThat(marked.json().path("reason").asText()).isEqualTo("beras habis");
        assertThat(Instant.parse(marked.json().path("until").asText())).isEqualTo(until);
        assertThat(marked.json().hasNonNull("since")).isTrue();

        JsonNode list = admin.get("/api/v1/menu/availability").json().path("unavailable");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("sku").asText()).isEqualTo("NG-01");

        // a POS that connects now reads the retained list
        MqttProbe late =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/menu/availability");
        try {
            JsonNode retained = late.await(
                    ROOT + "/menu/availability", m -> m.path("unavailable").size() == 1);
            assertThat(retained.at("/unavailable/0/sku").asText()).isEqualTo("NG-01");
            assertThat(retained.hasNonNull("ts")).isTrue();
        } finally {
            late.close();
        }

        // an order with it is still ACCEPTED, warned and flagged
        String id = "E86-" + IDS.incrementAndGet();
        pos.publish(ROOT + "/orders/in", order(id, "[]"));
        JsonNode accepted = pos.await(
                ROOT + "/orders/" + id + "/events",
                e -> e.path("event").asText().equals("ACCEPTED"));
        assertThat(accepted.path("warnings")).hasSize(1);
        assertThat(accepted.at("/warnings/0/code").asText()).isEqualTo("ITEM_UNAVAILABLE");
        assertThat(accepted.at("/warnings/0/lineId").asText()).isEqualTo("1");
        assertThat(line(id, "wok", "1").path("unavailable").asBoolean()).isTrue();
        assertThat(line(id, "bar", "2").has("unavailable"))
                .as("only the 86'd line")
                .isFalse();
        Http.Response overHttp = new Http(cfg.http(), TestConfig.POS_TOKEN)
                .post("/api/v1/orders", order("E86-H" + IDS.incrementAndGet(), "[]"));
        assertThat(overHttp.status()).isEqualTo(201);
        assertThat(overHttp.json().at("/warnings/0/code").asText()).isEqualTo("ITEM_UNAVAILABLE");

        // back on: off the list, and new orders are not flagged
        assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"NG-01\", \"available\": true}")
                        .json()
                        .path("available")
                        .asBoolean())
                .isTrue();
        assertThat(admin.get("/api/v1/menu/availability").json().path("unavailable"))
                .isEmpty();
        String after = "E86-" + IDS.incrementAndGet();
        pos.publish(ROOT + "/orders/in", order(after, "[]"));
        assertThat(pos.await(
                                ROOT + "/orders/" + after + "/events",
                                e -> e.path("event").asText().equals("ACCEPTED"))
                        .has("warnings"))
                .isFalse();

        // the cloud heard every change, in order
        Awaitility.await()
                .atMost(15, TimeUnit.SECONDS)
                .until(() -> cloud.events("menu").stream()
                        .anyMatch(e -> e.payload().path("unavailable").isEmpty() && e.seq() > firstWithNasiGoreng()));
        assertThat(cloud.events("menu")).allMatch(e -> e.type().equals("MENU_AVAILABILITY"));
    }

    private static long firstWithNasiGoreng() {
        return cloud.events("menu").stream()
                .filter(e -> e.payload().path("unavailable").size() == 1)
                .mapToLong(FakeCloud.Received::seq)
                .min()
                .orElse(Long.MAX_VALUE);
    }

    @Test
    void aModifierCanBeMarkedOutAndFlagsTheLinesThatAskForIt() throws Exception {
        assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"mod:Extra Pedas\", \"available\": false}")
                        .status())
                .isEqualTo(200);
        String id = "E86-" + IDS.incrementAndGet();
        pos.publish(ROOT + "/orders/in", order(id, "[\"extra pedas\"]"));
        JsonNode accepted = pos.await(
                ROOT + "/orders/" + id + "/events",
                e -> e.path("event").asText().equals("ACCEPTED"));
        assertThat(accepted.at("/warnings/0/lineId").asText()).isEqualTo("1");
        assertThat(admin.get("/api/v1/menu/availability")
                        .json()
                        .at("/unavailable/0/sku")
                        .asText())
                .isEqualTo("mod:extra pedas");
    }

    @Test
    void anUntilEndsTheEightySixByItself() throws Exception {
        MqttProbe watch =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/menu/availability");
        try {
            Instant until = Instant.now().plusSeconds(2);
            assertThat(admin.post(
                                    "/api/v1/menu/availability",
                                    "{\"sku\": \"PG-01\", \"available\": false, \"until\": \"" + until + "\"}")
                            .status())
                    .isEqualTo(200);
            watch.await(ROOT + "/menu/availability", m -> m.path("unavailable").size() == 1);
            // republished by itself once the time has come
            watch.await(
                    ROOT + "/menu/availability",
                    m -> m.path("unavailable").isEmpty()
                            && !Instant.parse(m.path("ts").asText()).isBefore(until),
                    Duration.ofSeconds(10));
            assertThat(admin.get("/api/v1/menu/availability").json().path("unavailable"))
                    .isEmpty();
        } finally {
            watch.close();
        }
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"ET-01\", \"available\": false}")
                        .status())
                .isEqualTo(200);
        Http.Response unknown = wok.post("/api/v1/menu/availability", "{\"sku\": \"NOPE-9\", \"available\": false}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorCode()).isEqualTo("UNKNOWN_SKU");
        assertThat(unknown.body()).contains("NOPE-9");
        Http.Response past = wok.post(
                "/api/v1/menu/availability",
                "{\"sku\": \"NG-01\", \"available\": false, \"until\": \"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.errorCode()).isEqualTo("INVALID_AVAILABILITY");
        assertThat(past.body()).contains("until", "past");
        assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"NG-01\"}").errorCode())
                .isEqualTo("INVALID_AVAILABILITY");
        assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"mod:keju\", \"available\": false}")
                        .errorCode())
                .isEqualTo("UNKNOWN_SKU");
        assertThat(new Http(cfg.http(), TestConfig.POS_TOKEN)
                        .post("/api/v1/menu/availability", "{\"sku\": \"NG-01\", \"available\": false}")
                        .status())
                .as("a POS reads the list; it does not change it")
                .isEqualTo(403);
        assertThat(new Http(cfg.http(), TestConfig.BOARD_TOKEN)
                        .get("/api/v1/menu/availability")
                        .status())
                .isEqualTo(403);
        MqttProbe watch =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/deadletter");
        MqttProbe screen = MqttProbe.connect(cfg.mqttUrl(), "kds-wok", TestConfig.PASSWORD);
        try {
            screen.publish(ROOT + "/menu/availability/set", "{\"sku\": \"NG-01\", \"available\": \"no\"}");
            JsonNode dead = watch.await(
                    ROOT + "/deadletter", d -> d.path("topic").asText().endsWith("/menu/availability/set"));
            assertThat(dead.at("/reason/code").asText()).isEqualTo("INVALID_AVAILABILITY");
            screen.publish(
                    ROOT + "/menu/availability/set",
                    "{\"sku\": \"PG-01\", \"available\": false, \"reason\": \"over MQTT\"}");
            Awaitility.await()
                    .atMost(10, TimeUnit.SECONDS)
                    .until(() -> admin.get("/api/v1/menu/availability")
                                    .json()
                                    .path("unavailable")
                                    .size()
                            == 2);
        } finally {
            screen.close();
            watch.close();
        }
        JsonNode list = admin.get("/api/v1/menu/availability").json().path("unavailable");
        assertThat(list.findValuesAsText("sku")).as("only the good changes").containsExactly("ET-01", "PG-01");
    }

    @Test
    void aCookMarksAnItemOutAndBackFromTheScreenWithKeysAndTouch() throws Exception {
        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            String id = "E86-" + IDS.incrementAndGet();
            pos.publish(ROOT + "/orders/in", order(id, "[\"extra pedas\"]"));
            b.until(() -> b.card(id + "/wok") != null, "the card");
            b.press(b.keyOf(id + "/wok"));
            b.press(Keys.ARROW_DOWN); // the Nasi Goreng line
            b.press("x");
            b.until(() -> !b.all("#menu li").isEmpty(), "the 86 panel");
            assertThat(b.text("#menu")).contains("Nasi Goreng", "extra pedas");
            b.press("1");
            b.until(
                    () -> b.all("#eightysix").get(0).isDisplayed()
                            && b.text("#eightysix").contains("Nasi Goreng"),
                    "the board strip");
            b.until(() -> b.text("#menu").contains("back on"), "the panel listing what is out");
            b.screenshot(Paths.get("target/screenshots/kds-86-board.png"));
            assertThat(admin.get("/api/v1/menu/availability")
                            .json()
                            .at("/unavailable/0/by")
                            .asText())
                    .isEqualTo("kds-wok");
            b.press(Keys.ESCAPE);
            b.until(() -> !b.all("#menu").get(0).isDisplayed(), "the panel closed");

            // a new order with it shows 86 on its line
            String next = "E86-" + IDS.incrementAndGet();
            pos.publish(ROOT + "/orders/in", order(next, "[]"));
            b.until(
                    () -> b.card(next + "/wok") != null
                            && !b.card(next + "/wok")
                                    .findElements(By.cssSelector("li.line.unavailable .soldout-tag"))
                                    .isEmpty(),
                    "the 86 tag");

            // every screen shows the board
            b.open(cfg.http() + "/kds/bar?token=" + TestConfig.BAR_TOKEN).awaitState("live");
            b.until(() -> b.text("#eightysix").contains("Nasi Goreng"), "the strip on the bar screen");

            // touch: the strip opens the board, the entry puts it back on
            b.all("#eightysix").get(0).click();
            b.until(() -> !b.all("#menu li.back-on").isEmpty(), "the entry to put back on");
            b.all("#menu li.back-on").get(0).click();
            b.until(() -> !b.all("#eightysix").get(0).isDisplayed(), "the strip gone");
            assertThat(admin.get("/api/v1/menu/availability").json().path("unavailable"))
                    .isEmpty();
        }
    }
}
