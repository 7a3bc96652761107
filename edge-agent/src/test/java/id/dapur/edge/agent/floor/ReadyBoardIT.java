package id.dapur.edge.agent.floor;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TcpProxy;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The ready board in a real headless Chromium against a real agent: an order moves
 * from Preparing to Ready when the expo bumps it, with a chime; it shows number, channel label and
 * display name and nothing else; it survives a lost link; tokens open only what they are for.
 */
class ReadyBoardIT {
    static final AtomicInteger IDS = new AtomicInteger(100);
    static TestConfig cfg;
    static RunningAgent agent;
    static MqttProbe pos;
    static Http admin;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        cfg = TestConfig.embedded(Files.createTempDirectory("dapur-board"));
        agent = RunningAgent.start(cfg.load("""
                board: { language: id, readyFor: 10m }
                """)).awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD).subscribe(ROOT + "/orders/+/events");
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        browser = Browser.start(1600, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, pos, agent}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static String order(String channel, String customer) throws Exception {
        String id = "POS1-" + String.format("%06d", IDS.incrementAndGet());
        pos.publish(ROOT + "/orders/in", """
                {"orderId": "%s", "source": "pos-1", "channel": "%s", "table": "12", "placedAt": "2026-12-02T07:00:00Z",
                 "customer": %s,
                 "items": [{"lineId": "1", "name": "Mie Goreng Rahasia", "qty": 1, "category": "wok", "note": "alergi kacang"},
                           {"lineId": "2", "name": "Es Jeruk", "qty": 1, "category": "drinks"}]}
                """.formatted(id, channel, customer));
        pos.await(
                ROOT + "/orders/" + id + "/events",
                e -> e.path("event").asText().equals("ACCEPTED"));
        return id;
    }

    static void act(String ticketId, String action) {
        String actionId = ticketId.replace('/', '-') + "-" + action + "-" + IDS.incrementAndGet();
        Http.Response r = admin.post(
                "/api/v1/tickets/" + ticketId + "/actions",
                "{\"actionId\": \"" + actionId + "\", \"action\": \"" + action + "\"}");
        assertThat(r.status()).as(action + " " + ticketId + ": " + r.body()).isEqualTo(200);
    }

    static WebElement entry(Browser b, String column, String number) {
        return b.all("#" + column + " li[data-number='" + number + "']").stream()
                .findFirst()
                .orElse(null);
    }

    long chimes(Browser b) {
        return ((Number) b.js("return window.__board.chimes")).longValue();
    }

    @Test
    void anOrderMovesFromPreparingToReadyWhenTheExpoBumpsItWithAChime() throws Exception {
        browser.open(cfg.http() + "/board?token=" + TestConfig.BOARD_TOKEN).awaitState("live");
        assertThat(browser.text("#preparing-title")).isEqualToIgnoringCase("Sedang disiapkan");
        String id = order("GRABFOOD", "{\"displayName\": \"Budi\"}");
        String number = ReadyBoard.number(id);
        browser.until(() -> entry(browser, "preparing", number) != null, "the order under Preparing");
        WebElement e = entry(browser, "preparing", number);
        assertThat(e.getText()).contains(number, "GrabFood", "Budi");
        assertThat(e.findElement(By.cssSelector(".channel")).getAttribute("class"))
                .contains("channel-GRABFOOD");
        long before = chimes(browser);

        for (String station : new String[] {"wok", "bar"}) {
            act(id + "/" + station, "START");
            act(id + "/" + station, "BUMP");
        }
        assertThat(entry(browser, "ready", number))
                .as("cooked is not yet handed over: expo has not bumped")
                .isNull();
        act(id + "/expo", "BUMP");
        browser.until(
                () -> entry(browser, "ready", number) != null && entry(browser, "preparing", number) == null,
                "the order under Ready");
        assertThat(chimes(browser)).isEqualTo(before + 1);

        String page = (String) browser.js("return document.documentElement.outerHTML");
        assertThat(page)
                .as("nothing a customer should not see")
                .doesNotContain("Mie Goreng", "Es Jeruk", "kacang", id, "Table", "Meja");
    }

    @Test
    void aBusyCounterShowsEveryChannelInBothColumns() throws Exception {
        browser.open(cfg.http() + "/board?token=" + TestConfig.BOARD_TOKEN).awaitState("live");
        String[][] orders = {
            {"GRABFOOD", "{\"displayName\": \"Pak Joko\"}"},
            {"GOFOOD", "{\"displayName\": \"Rina\"}"},
            {"SHOPEEFOOD", "null"},
            {"TAKEAWAY", "{\"displayName\": \"Dewi\"}"},
            {"DINE_IN", "null"},
            {"GRABFOOD", "null"}
        };
        List<String> ids = new ArrayList<>();
        for (String[] o : orders) {
            ids.add(order(o[0], o[1]));
        }
        for (String id : ids.subList(0, 3)) {
            for (String station : new String[] {"wok", "bar"}) {
                act(id + "/" + station, "START");
                act(id + "/" + station, "BUMP");
            }
            act(id + "/expo", "BUMP");
        }
        browser.until(
                () -> ids.subList(0, 3).stream().allMatch(id -> entry(browser, "ready", ReadyBoard.number(id)) != null)
                        && ids.subList(3, 6).stream()
                                .allMatch(id -> entry(browser, "preparing", ReadyBoard.number(id)) != null),
                "three ready, three preparing");
        assertThat(entry(browser, "ready", ReadyBoard.number(ids.get(0))).getText())
                .contains("Pak Joko", "GrabFood");
        browser.screenshot(Paths.get("target/screenshots/ready-board.png"));
    }

    @Test
    void aCustomerNameShowsOnlyAsItsDisplayName() throws Exception {
        browser.open(cfg.http() + "/board?token=" + TestConfig.BOARD_TOKEN).awaitState("live");
        String id = order("TAKEAWAY", "\"Ibu Ratna Sari, 0812-3456-7890\"");
        String number = ReadyBoard.number(id);
        browser.until(() -> entry(browser, "preparing", number) != null, "the order under Preparing");
        assertThat(entry(browser, "preparing", number).getText())
                .contains("Bawa pulang")
                .doesNotContain("Ratna", "0812");
    }

    @Test
    void theBoardSurvivesALostLinkAndCatchesUp() throws Exception {
        try (TcpProxy link = new TcpProxy(cfg.httpPort())) {
            browser.open("http://127.0.0.1:" + link.port() + "/board?token=" + TestConfig.BOARD_TOKEN)
                    .awaitState("live");
            link.cut();
            browser.awaitState("offline");
            String id = order("SHOPEEFOOD", "null");
            link.restore();
            browser.awaitState("live");
            browser.until(
                    () -> entry(browser, "preparing", ReadyBoard.number(id)) != null,
                    "the order sent while the link was down");
        }
    }

    @Test
    void tokensOpenOnlyWhatTheyAreFor() throws Exception {
        Http anon = new Http(cfg.http(), null);
        assertThat(anon.get("/board?token=" + TestConfig.WOK_TOKEN).status())
                .as("a kitchen token on the board")
                .isEqualTo(401);
        assertThat(anon.get("/kds/wok?token=" + TestConfig.BOARD_TOKEN).status())
                .as("a board token on a kitchen screen")
                .isEqualTo(401);
        Http board = new Http(cfg.http(), TestConfig.BOARD_TOKEN);
        assertThat(board.get("/api/v1/stations/wok/tickets").status())
                .as("the board token reads no API")
                .isEqualTo(403);
        assertThat(board.post("/api/v1/orders", "{}").status()).isEqualTo(403);
        // a page paired with a kitchen token is refused on the socket and asks for a board token
        browser.open(cfg.http() + "/board");
        browser.js("localStorage.setItem('dapur.board.token', arguments[0]); location.reload();", TestConfig.WOK_TOKEN);
        browser.awaitState("unpaired");
    }
}
