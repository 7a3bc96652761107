package id.dapur.edge.agent.screens;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TcpProxy;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The kitchen screens in a real headless Chromium against a real agent (embedded broker, H2 file):
 * what a cook sees and does, end to end, and what happens when the screen's network goes away.
 */
class KitchenScreensIT {
    static final AtomicInteger IDS = new AtomicInteger();
    static Path dir;
    static TestConfig cfg;
    static RunningAgent agent;
    static MqttProbe pos;
    static Http admin;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dapur-kds");
        cfg = TestConfig.embedded(dir);
        agent = RunningAgent.start(cfg.load("""
                sensors:
                  - { id: fridge-1, name: Fridge 1, equipment: cold-hold, alertDelay: 0s, maxSilence: 1h }
                """)).awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD);
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        browser = Browser.start(1400, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (pos != null) {
            pos.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    static String newOrder(String json) throws Exception {
        String orderId = Json.tree(json).path("orderId").asText();
        pos.publish(ROOT + "/orders/in", json);
        return orderId;
    }

    static String order() throws Exception {
        return newOrder(Orders.json("KDS-" + IDS.incrementAndGet()));
    }

    Browser station(String station, String token) {
        return browser.open(cfg.http() + "/kds/" + station + "?token=" + token).awaitState("live");
    }

    WebElement awaitCard(String ticketId) {
        browser.until(() -> browser.card(ticketId) != null, "card " + ticketId + " on the screen");
        return browser.card(ticketId);
    }

    void awaitGone(String ticketId) {
        browser.until(() -> browser.card(ticketId) == null, "card " + ticketId + " gone from the screen");
    }

    String storedStatus(String orderId, String station) {
        JsonNode order = admin.get("/api/v1/orders/" + orderId).json();
        for (JsonNode t : order.path("tickets")) {
            if (t.path("station").asText().equals(station)) {
                return t.path("status").asText();
            }
        }
        throw new AssertionError("no " + station + " ticket in " + order);
    }

    void bumpByKeys(String ticketId) {
        browser.press(browser.keyOf(ticketId));
        browser.press(Keys.ENTER);
    }

    @Test
    void aFoodSafetyAlertIsABannerOnEveryScreenAndCanBeAcknowledgedThere() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        MqttProbe sensor = MqttProbe.connect(cfg.mqttUrl(), "sensor-1", TestConfig.PASSWORD);
        try {
            sensor.publish(ROOT + "/sensors/fridge-1", "{\"temperature\": 12.5, \"unit\": \"C\"}");
            browser.until(() -> !browser.all("#alerts .alert").isEmpty(), "an alert banner");
            WebElement banner = browser.all("#alerts .alert").get(0);
            assertThat(banner.getText()).contains("Fridge 1", "12.5 °C");
            banner.findElement(org.openqa.selenium.By.tagName("button")).click();
            browser.until(() -> browser.text("#alerts").contains("KDS wok"), "the acknowledgement on the banner");
            assertThat(admin.get("/api/v1/alerts")
                            .json()
                            .at("/alerts/0/acknowledgedBy")
                            .asText())
                    .isEqualTo("KDS wok");
            sensor.publish(ROOT + "/sensors/fridge-1", "{\"temperature\": 3.0, \"unit\": \"C\"}");
            browser.until(() -> browser.all("#alerts .alert").isEmpty(), "the banner gone once the alert clears");
        } finally {
            sensor.close();
        }
    }

    @Test
    void anOrderSentOverMqttAppearsOnItsStationsScreenWithEverythingTheCookNeeds() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        String id = order();
        WebElement card = awaitCard(id + "/wok");
        String text = card.getText();
        assertThat(text)
                .contains("#" + id)
                .contains("2×")
                .contains("Nasi Goreng")
                .contains("extra pedas")
                .contains("tanpa telur")
                .contains("egg")
                .contains("Table 7");
        assertThat(card.findElement(org.openqa.selenium.By.cssSelector(".allergens"))
                        .getText())
                .contains("egg");
        assertThat(browser.card(id + "/bar"))
                .as("the drink belongs on the bar screen")
                .isNull();
        assertThat(browser.text("#allday")).contains("Nasi Goreng");

        browser.open(cfg.http() + "/kds/bar?token=" + TestConfig.BAR_TOKEN).awaitState("live");
        assertThat(awaitCard(id + "/bar").getText()).contains("Es Teh Manis");
    }

    @Test
    void aDeliveryPlatformsOrderCarriesItsOwnLabelAndColour() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        String id = newOrder(Orders.json("GO-" + IDS.incrementAndGet()).replace("\"DINE_IN\"", "\"GOFOOD\""));
        WebElement card = awaitCard(id + "/wok");
        WebElement label = card.findElement(org.openqa.selenium.By.cssSelector(".channel"));
        assertThat(label.getText()).isEqualTo("GoFood");
        assertThat(label.getCssValue("background-color")).as("GoFood red").isEqualTo("rgba(238, 39, 55, 1)");
        assertThat(card.getCssValue("border-left-color")).isEqualTo("rgba(238, 39, 55, 1)");
        String dineIn = order();
        assertThat(awaitCard(dineIn + "/wok")
                        .findElement(org.openqa.selenium.By.cssSelector(".channel"))
                        .getCssValue("background-color"))
                .as("the outlet's own channels keep the plain label")
                .isEqualTo("rgba(0, 0, 0, 0)");
    }

    @Test
    void bumpingByKeyChangesTheStoredTicketAndThePublishedOne() throws Exception {
        try (MqttProbe screenWatcher =
                MqttProbe.connect(cfg.mqttUrl(), "kds-wok", TestConfig.PASSWORD).subscribe(ROOT + "/kds/wok/tickets")) {
            station("wok", TestConfig.WOK_TOKEN);
            String id = order();
            awaitCard(id + "/wok");
            bumpByKeys(id + "/wok"); // NEW -> IN_PROGRESS
            browser.until(() -> "IN_PROGRESS".equals(browser.statusOf(id + "/wok")), "cooking");
            bumpByKeys(id + "/wok"); // IN_PROGRESS -> READY: off the station screen
            awaitGone(id + "/wok");
            assertThat(storedStatus(id, "wok")).isEqualTo("READY");
            screenWatcher.await(
                    ROOT + "/kds/wok/tickets",
                    t -> t.path("ticketId").asText().equals(id + "/wok")
                            && t.path("status").asText().equals("READY"));
        }
    }

    @Test
    void undoBringsBackTheLastBumpAndRecallBringsBackAnyRecentOne() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        String id = order();
        awaitCard(id + "/wok");
        browser.press(browser.keyOf(id + "/wok"), "s"); // START
        browser.until(() -> "IN_PROGRESS".equals(browser.statusOf(id + "/wok")), "started");
        bumpByKeys(id + "/wok");
        awaitGone(id + "/wok");

        browser.press("u");
        awaitCard(id + "/wok");
        browser.until(() -> "IN_PROGRESS".equals(browser.statusOf(id + "/wok")), "undone");
        assertThat(storedStatus(id, "wok")).isEqualTo("IN_PROGRESS");

        bumpByKeys(id + "/wok");
        awaitGone(id + "/wok");
        browser.press("r");
        browser.until(
                () -> !browser.all("#recall li[data-ticket-id='" + id + "/wok']")
                        .isEmpty(),
                "recall list");
        int position = 0;
        for (WebElement li : browser.all("#recall li")) {
            position++;
            if ((id + "/wok").equals(li.getAttribute("data-ticket-id"))) {
                break;
            }
        }
        browser.press(String.valueOf(position % 10));
        browser.press(Keys.ENTER);
        awaitCard(id + "/wok");
        assertThat(storedStatus(id, "wok")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void expoSeesEachStationsProgressAndBumpingThereServesTheOrder() throws Exception {
        String id = order();
        Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
        Http bar = new Http(cfg.http(), TestConfig.BAR_TOKEN);
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> admin.get("/api/v1/orders/" + id).status() == 200);
        station("expo", TestConfig.EXPO_TOKEN);
        awaitCard(id + "/expo");
        for (String a : new String[] {"w1", "w2"}) {
            assertThat(wok.post(
                                    "/api/v1/tickets/" + id + "/wok/actions",
                                    "{\"actionId\":\"" + id + a + "\",\"action\":\"BUMP\"}")
                            .status())
                    .isEqualTo(200);
        }
        browser.until(() -> browser.card(id + "/expo").getText().contains("Wok: Ready"), "wok ready at expo");
        for (String a : new String[] {"b1", "b2"}) {
            assertThat(bar.post(
                                    "/api/v1/tickets/" + id + "/bar/actions",
                                    "{\"actionId\":\"" + id + a + "\",\"action\":\"BUMP\"}")
                            .status())
                    .isEqualTo(200);
        }
        browser.until(() -> "READY".equals(browser.statusOf(id + "/expo")), "order ready at expo");
        browser.screenshot(Paths.get("target/screenshots/kds-expo.png"));
        bumpByKeys(id + "/expo");
        awaitGone(id + "/expo");
        assertThat(admin.get("/api/v1/orders/" + id).json().path("status").asText())
                .isEqualTo("SERVED");
    }

    @Test
    void aLaterCourseIsShownHeldUntilTheFirstIsReady() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        String id = newOrder(Orders.withCourses("KDS-C" + IDS.incrementAndGet()));
        WebElement card = awaitCard(id + "/wok");
        assertThat(card.findElements(org.openqa.selenium.By.cssSelector("li.line.held[data-line-id='3']")))
                .hasSize(1);
        new Http(cfg.http(), TestConfig.BAR_TOKEN)
                .post("/api/v1/tickets/" + id + "/bar/actions", "{\"actionId\":\"" + id + "b\",\"action\":\"BUMP\"}");
        new Http(cfg.http(), TestConfig.BAR_TOKEN)
                .post("/api/v1/tickets/" + id + "/bar/actions", "{\"actionId\":\"" + id + "c\",\"action\":\"BUMP\"}");
        bumpByKeys(id + "/wok");
        bumpByKeys(id + "/wok"); // line 1 READY: course 1 is done everywhere, course 2 fires
        browser.until(
                () -> browser.card(id + "/wok") != null
                        && browser.card(id + "/wok")
                                .findElements(org.openqa.selenium.By.cssSelector("li.line.held"))
                                .isEmpty(),
                "course 2 fired");
        assertThat(admin.get("/api/v1/orders/" + id)
                        .json()
                        .path("tickets")
                        .get(0)
                        .path("firedCourse")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aScreenThatLostItsLinkSaysSoAndResyncsWithNothingMissedOrDoubled() throws Exception {
        try (TcpProxy link = new TcpProxy(cfg.httpPort())) {
            String before = order();
            browser.open("http://127.0.0.1:" + link.port() + "/kds/wok?token=" + TestConfig.WOK_TOKEN)
                    .awaitState("live");
            awaitCard(before + "/wok");

            link.cut();
            browser.awaitState("offline");
            assertThat(browser.text("#banner")).startsWith("OFFLINE since");
            String during = order();
            Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
            assertThat(wok.post(
                                    "/api/v1/tickets/" + before + "/wok/actions",
                                    "{\"actionId\":\"" + before + "s\",\"action\":\"START\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(browser.card(during + "/wok"))
                    .as("nothing arrives while the link is down")
                    .isNull();

            link.restore();
            browser.awaitState("live");
            awaitCard(during + "/wok");
            browser.until(() -> "IN_PROGRESS".equals(browser.statusOf(before + "/wok")), "change made offline shown");
            assertThat(browser.cardCount(during + "/wok")).isEqualTo(1);
            assertThat(browser.cardCount(before + "/wok")).isEqualTo(1);
            assertThat(browser.all("#banner[hidden]")).hasSize(1);
            Long cards = (Long) browser.js("return document.querySelectorAll('article.card').length");
            Long distinct = (Long) browser.js(
                    "return new Set([...document.querySelectorAll('article.card')].map(c => c.dataset.ticketId)).size");
            assertThat(cards).isEqualTo(distinct);
        }
    }

    @Test
    void aWrongTokenGetsAClearPageNotABlankOne() throws Exception {
        browser.open(cfg.http() + "/kds/wok?token=not-a-real-token-123");
        assertThat(browser.text("h1")).isEqualTo("This screen is not paired");
        assertThat(browser.text("main")).contains("not valid for the Wok screen");

        // a bar screen's token on the wok screen: refused by the agent, and the screen says why
        browser.open(cfg.http() + "/kds/wok?token=" + TestConfig.BAR_TOKEN);
        assertThat(browser.text("h1")).isEqualTo("This screen is not paired");

        browser.open(cfg.http() + "/kds/nope");
        assertThat(browser.text("h1")).isEqualTo("No such station");
    }

    @Test
    void aTokenThatStopsWorkingShowsThePairingFormWithTheReason() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        browser.js("localStorage.setItem('dapur.kds.token.wok', 'revoked-token-0123456789')");
        browser.open(cfg.http() + "/kds/wok").awaitState("unpaired");
        assertThat(browser.text("#pairing")).contains("The token was refused").contains("not valid");
        assertThat(browser.all("#pairing input[name='token']")).hasSize(1);
    }

    @Test
    void aStationWithoutScreensGetsItsNewTicketsOnPaper() throws Exception {
        // nobody watches the bar in this test run's first moments... but other tests may; use the metric delta
        browser.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
        double barBefore = unattended("bar");
        double wokBefore = unattended("wok");
        String id = order();
        awaitCard(id + "/wok");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> unattended("bar") == barBefore + 1);
        assertThat(unattended("wok")).as("the wok screen is connected").isEqualTo(wokBefore);
    }

    static double unattended(String station) {
        String metrics = new Http(cfg.http(), null).get("/metrics").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("dapur_kds_unattended_tickets_total{station=\"" + station + "\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void screenshotsOfAStationWithABusyService() throws Exception {
        station("wok", TestConfig.WOK_TOKEN);
        for (int i = 0; i < 6; i++) {
            order();
        }
        browser.until(() -> browser.all("article.card").size() >= 6, "six cards");
        browser.screenshot(Paths.get("target/screenshots/kds-wok.png"));
    }
}
