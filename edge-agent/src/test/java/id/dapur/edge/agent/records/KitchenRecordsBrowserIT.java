package id.dapur.edge.agent.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedScale;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The kitchen records in a real headless Chromium: a cook signs in at the screen as a badge reader
 * types (id, Tab, PIN, Enter), logs waste with the keyboard (weighed on a simulated serial scale; an
 * unstable scale says so and logs nothing) and by touch (a typed count); the manager's dashboard shows
 * the day with its charts, from the jar only.
 */
class KitchenRecordsBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    SimulatedScale scale;
    TestConfig cfg;
    Http admin;
    Http pos;
    Http wok;

    @BeforeEach
    void start() throws Exception {
        PtyPair pty = PtyPair.create(dir, "scale");
        open.add(pty);
        scale = new SimulatedScale(
                "mt-sics", "kg", new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"));
        open.add(scale);
        cfg = TestConfig.embedded(dir);
        RunningAgent agent = RunningAgent.start(cfg.load(KitchenRecordsIT.yaml(dir.resolve("scale-host"), dir)));
        open.add(agent);
        agent.awaitReady();
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private List<JsonNode> waste() {
        List<JsonNode> out = new ArrayList<>();
        admin.get("/api/v1/waste").json().path("entries").forEach(out::add);
        return out;
    }

    private void weigh(double grams) {
        scale.weigh(grams);
        await().atMost(WAIT)
                .until(() -> pos.get("/api/v1/scales/scale-1/weight")
                                .json()
                                .path("grams")
                                .asDouble()
                        == grams);
    }

    @Test
    void aCookSignsInWithABadgeAndLogsWasteWithKeysAndWithTouch() throws Exception {
        try (Browser b = Browser.start(1400, 900)) {
            b.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
            b.until(() -> b.text("#who").contains("Sign in"), "nobody signed in");

            // a badge reader types like a keyboard: id, Tab, PIN, Enter; a wrong PIN first
            b.press("p");
            b.until(() -> b.all("#staff input[name=staffId]").size() == 1, "the sign-in panel");
            b.press("ani", Keys.TAB, "9999", Keys.ENTER);
            b.until(() -> b.text("#staff .refusal").contains("wrong"), "the refusal");
            assertThat(b.all("#staff").get(0).isDisplayed()).isTrue();
            b.press(
                    "ani",
                    Keys.TAB,
                    "1234",
                    Keys.ENTER); // scanned again: the refusal left the id field empty and focused
            b.until(() -> b.text("#who").contains("Ani"), "Ani signed in, in the header");
            assertThat(b.all("#staff").get(0).isDisplayed()).isFalse();
            assertThat(wok.get("/api/v1/stations/wok/staff")
                            .json()
                            .path("staffId")
                            .asText())
                    .isEqualTo("ani");

            // keys: w, search, Enter takes the first match, 3 = overcooked, 1 = weigh on scale-1
            weigh(320);
            b.press("w");
            b.until(() -> b.all("#waste input[name=search]").size() == 1, "the waste panel");
            b.press("nasi");
            b.until(() -> b.text("#waste ol").contains("Nasi Goreng"), "the search result");
            b.press(Keys.ENTER);
            b.until(() -> b.text("#waste h2").contains("Nasi Goreng"), "the reasons");
            b.screenshot(Paths.get(System.getProperty("screenshots.dir", "target/screenshots"))
                    .resolve("kds-waste.png"));
            b.press("3");
            b.until(() -> b.text("#waste").contains("Weigh on scale-1"), "the amount step");
            b.press("1");
            b.until(() -> b.text("#toast").contains("320"), "logged");
            assertThat(waste()).hasSize(1);
            JsonNode first = waste().get(0);
            assertThat(first.path("sku").asText()).isEqualTo("NG-01");
            assertThat(first.path("reason").asText()).isEqualTo("OVERCOOKED");
            assertThat(first.path("grams").asDouble()).isEqualTo(320.0);
            assertThat(first.path("staffId").asText()).isEqualTo("ani");

            // an unstable scale: said plainly, nothing logged; once it settles the same entry is logged once
            scale.motion(true);
            await().atMost(WAIT)
                    .until(() -> "SCALE_UNSTABLE"
                            .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0")
                                    .errorCode()));
            b.press("w");
            b.until(() -> b.text("#waste").contains("Recent"), "recent items");
            assertThat(b.text("#waste ol"))
                    .as("the item just logged is a recent one")
                    .contains("Nasi Goreng");
            b.press("1");
            b.press("1");
            b.until(() -> b.text("#waste").contains("Weigh on scale-1"), "the amount step");
            b.press("1");
            b.until(() -> b.text("#waste .refusal").contains("still moving"), "the scale's problem, plainly");
            assertThat(waste()).as("nothing logged").hasSize(1);
            scale.motion(false);
            weigh(150);
            b.press("1");
            b.until(() -> b.text("#toast").contains("150"), "logged after it settled");
            assertThat(waste()).hasSize(2);

            // touch: the bin button, a search, the item, a reason, a typed count
            b.all("#waste-button").get(0).click();
            b.until(() -> b.all("#waste input[name=search]").size() == 1, "the waste panel");
            b.all("#waste input[name=search]").get(0).sendKeys("teh");
            b.until(() -> b.text("#waste ol").contains("Es Teh Manis"), "the search result");
            click(b, "#waste li", "Es Teh Manis");
            click(b, "#waste li", "Dropped");
            b.all("#waste input[name=qty]").get(0).sendKeys("2");
            b.all("#waste button.primary").get(0).click();
            b.until(() -> b.text("#toast").contains("Es Teh Manis"), "logged by touch");
            JsonNode third = waste().get(2);
            assertThat(third.path("sku").asText()).isEqualTo("ET-01");
            assertThat(third.path("qty").asInt()).isEqualTo(2);
            assertThat(third.path("cost").asDouble()).isEqualTo(6000.0);

            // sign out by touch
            b.all("#who").get(0).click();
            b.until(() -> !b.all("#staff button.primary").isEmpty(), "the sign-out button");
            b.all("#staff button.primary").get(0).click();
            b.until(() -> b.text("#who").contains("Sign in"), "signed out");
        }
    }

    @Test
    void theWastePanelSpeaksBahasaIndonesiaAndWorksWithNoScale() throws Exception {
        TestConfig id = TestConfig.embedded(dir.resolve("id"));
        RunningAgent agent = RunningAgent.start(id.loadEdited(y -> y.replace(
                        "kitchen: { printWhenScreensDownAfter: 0s",
                        "kitchen: { language: id, printWhenScreensDownAfter: 0s")
                + """
                menu:
                  items:
                    - { sku: ET-01, name: Es Teh Manis, unitCost: 3000 }
                """));
        open.add(agent);
        agent.awaitReady();
        try (Browser b = Browser.start(1400, 900)) {
            b.open(id.http() + "/kds/bar?token=" + TestConfig.BAR_TOKEN).awaitState("live");
            b.until(
                    () -> b.text("#who").contains("Masuk")
                            && b.text("#waste-button").contains("Limbah"),
                    "the header in Indonesian");
            b.press("w");
            b.until(() -> b.text("#waste h2").contains("Limbah — item apa?"), "the waste panel in Indonesian");
            b.press("teh", Keys.ENTER);
            b.until(() -> b.text("#waste h2").contains("Mengapa Es Teh Manis dibuang?"), "the reasons");
            assertThat(b.text("#waste ol"))
                    .contains("Basi", "Kedaluwarsa", "Terlalu matang", "Jatuh", "Dikembalikan", "Lainnya");
            b.press("4");
            b.until(() -> b.text("#waste").contains("Tidak ada timbangan"), "no scale here: count or weight");
            b.press("3", Keys.ENTER); // the count field has the focus
            b.until(() -> b.text("#toast").contains("Limbah dicatat"), "logged, in Indonesian");
        }
        JsonNode e = new Http(id.http(), TestConfig.ADMIN_TOKEN)
                .get("/api/v1/waste")
                .json()
                .at("/entries/0");
        assertThat(e.path("qty").asInt()).isEqualTo(3);
        assertThat(e.path("reason").asText()).isEqualTo("DROPPED");
        assertThat(e.path("station").asText()).isEqualTo("bar");
        assertThat(e.path("cost").asDouble()).isEqualTo(9000.0);
    }

    private static void click(Browser b, String css, String text) {
        b.until(() -> b.all(css).stream().anyMatch(e -> e.getText().contains(text)), text);
        WebElement e = b.all(css).stream()
                .filter(x -> x.getText().contains(text))
                .findFirst()
                .orElseThrow();
        e.click();
    }

    @Test
    void theDashboardShowsTheDayWithItsChartsFromTheJarOnly() throws Exception {
        assertThat(wok.post("/api/v1/stations/wok/staff", "{\"staffId\": \"ani\", \"pin\": \"1234\"}")
                        .status())
                .isEqualTo(201);
        for (int i = 1; i <= 6; i++) {
            assertThat(pos.post("/api/v1/orders", Orders.json("DSH-" + i)).status())
                    .isEqualTo(201);
            for (String a : List.of("START", "BUMP")) {
                wok.post(
                        "/api/v1/tickets/DSH-" + i + "/wok/actions",
                        "{\"actionId\": \"d" + i + a + "\", \"action\": \"" + a + "\"}");
            }
        }
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"dw-1\", \"sku\": \"NG-01\", \"reason\": \"SPOILED\", \"grams\": 850}")
                        .status())
                .isEqualTo(201);
        try (Browser b = Browser.start(1280, 1000)) {
            b.open(cfg.http() + "/dashboard?token=" + TestConfig.ADMIN_TOKEN).awaitState("live");
            assertThat(b.text("#orders")).isEqualTo("6");
            b.until(() -> b.all("#chart-stations canvas").size() == 1, "the station chart");
            b.until(() -> !"0".equals(b.all("#chart-stations").get(0).getAttribute("data-points")), "bars drawn");
            assertThat(b.all("#chart-hours canvas")).hasSize(1);
            assertThat(b.all("#chart-stations").get(0).getAttribute("data-labels"))
                    .contains("wok");
            assertThat(b.text("#waste-list")).contains("Nasi Goreng", "SPOILED", "850 g");
            assertThat(b.text("#staff-list")).contains("ani", "6");
            assertThat(b.text("#haccp")).isEqualTo("0");
            assertThat(String.valueOf(b.js("return location.search")))
                    .as("the token left the address bar")
                    .doesNotContain("token");
            Object foreign = b.js(
                    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))");
            assertThat((List<?>) foreign)
                    .as("nothing from a CDN: it works offline")
                    .isEmpty();
            b.screenshot(Paths.get(System.getProperty("screenshots.dir", "target/screenshots"))
                    .resolve("dashboard.png"));

            // a wrong token: the pairing form, no data
            b.js("localStorage.setItem('dapur-dashboard-token', 'wrong-token-0123456789')");
            b.open(cfg.http() + "/dashboard");
            b.until(
                    () -> !b.all("#pairing form").isEmpty()
                            && b.all("#pairing").get(0).isDisplayed(),
                    "the pairing form");
            assertThat(b.text("#pairing")).contains("refused");
            assertThat(b.all(".pairing input").get(0).getAttribute("type")).isEqualTo("password");
            assertThat(b.all("body")
                            .get(0)
                            .findElements(By.cssSelector("#late-list li"))
                            .size())
                    .isZero();
        }
    }
}
