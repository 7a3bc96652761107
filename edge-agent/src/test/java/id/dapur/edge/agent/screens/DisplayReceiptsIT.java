package id.dapur.edge.agent.screens;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Browser;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Display receipts with a real headless Chromium: a healthy screen proves it showed
 * each ticket and nothing goes to paper; a screen whose page is frozen (as a hung tablet is) leads to
 * TICKET_NOT_SHOWN and the chit on the fallback printer, and the expo screen and the API show the
 * ticket nobody saw. MQTT screens report the same way.
 */
class DisplayReceiptsIT {
    static final AtomicInteger IDS = new AtomicInteger();
    static Path dir;
    static TestConfig cfg;
    static RunningAgent agent;
    static SimulatedNetworkPrinter paper;
    static MqttProbe pos;
    static Http admin;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("dapur-receipts");
        paper = SimulatedNetworkPrinter.start(0);
        cfg = TestConfig.embedded(dir);
        // a station with no screen goes to paper only through receipts here, not after printWhenScreensDownAfter
        agent = RunningAgent.start(cfg.loadEdited(y -> y.replace(
                                "kitchen: { printWhenScreensDownAfter: 0s, shownWithin: 1h }",
                                "kitchen: { printWhenScreensDownAfter: 1h, shownWithin: 2s }")
                        + """
                printers:
                  - { id: paper-1, connection: "tcp://127.0.0.1:%d", width: 80 }
                """.formatted(paper.port())))
                .awaitReady();
        pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD);
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        browser = Browser.start(1200, 800);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, pos, agent, paper}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static String order() throws Exception {
        String id = "RCPT-" + IDS.incrementAndGet();
        pos.publish(ROOT + "/orders/in", Orders.json(id));
        return id;
    }

    static JsonNode ticket(String orderId, String station) {
        JsonNode order = admin.get("/api/v1/orders/" + orderId).json();
        for (JsonNode t : order.path("tickets")) {
            if (t.path("station").asText().equals(station)) {
                return t;
            }
        }
        return null;
    }

    static List<String> openNotShown() {
        List<String> out = new ArrayList<>();
        for (JsonNode a : admin.get("/api/v1/alerts").json().path("alerts")) {
            if (a.path("kind").asText().equals("TICKET_NOT_SHOWN") && !a.hasNonNull("clearedAt")) {
                out.add(a.path("subject").asText());
            }
        }
        return out;
    }

    static boolean printed(String orderId) {
        return paper.printer().printouts().stream()
                .anyMatch(p -> p.isCut() && p.text().contains(orderId));
    }

    @Test
    void aHealthyScreenProvesItShowedTheTicketAndNothingGoesToPaper() throws Exception {
        browser.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
        String id = order();
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> ticket(id, "wok") != null && ticket(id, "wok").hasNonNull("shownAt"));
        // the bar has no screen at all: its ticket is the one that alerts and prints
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> openNotShown().contains(id + "/bar") || printed(id));
        Awaitility.await()
                .during(Duration.ofSeconds(3))
                .atMost(6, TimeUnit.SECONDS)
                .until(() -> !openNotShown().contains(id + "/wok")
                        && ticket(id, "wok").path("unseenAt").isMissingNode());
        assertThat(ticket(id, "bar").hasNonNull("unseenAt"))
                .as("the screenless bar's ticket went to paper")
                .isTrue();
        assertThat(paper.printer().printouts().stream()
                        .filter(p -> p.isCut() && p.text().contains(id))
                        .toList())
                .as("only the bar's chit printed")
                .hasSize(1)
                .allMatch(p -> p.text().contains("Es Teh Manis") && !p.text().contains("Nasi Goreng"));
    }

    @Test
    void aFrozenScreenLeadsToTheAlertAndTheChitAndExpoAndTheApiShowTheTicketNobodySaw() throws Exception {
        browser.open(cfg.http() + "/kds/wok?token=" + TestConfig.WOK_TOKEN).awaitState("live");
        MqttProbe alerts =
                MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD).subscribe(ROOT + "/alerts");
        String id = "RCPT-" + IDS.incrementAndGet();
        browser.freezeOnMessage(id, Duration.ofSeconds(12)); // shownWithin is 2 s
        try {
            pos.publish(ROOT + "/orders/in", Orders.json(id));
            Awaitility.await()
                    .atMost(15, TimeUnit.SECONDS)
                    .until(() -> printed(id) && ticket(id, "wok").hasNonNull("unseenAt"));
            assertThat(ticket(id, "wok").hasNonNull("shownAt")).isFalse();
            assertThat(paper.printer().printouts().stream()
                            .filter(p -> p.isCut()
                                    && p.text().contains(id)
                                    && p.text().contains("Nasi Goreng"))
                            .count())
                    .as("the wok chit printed once")
                    .isEqualTo(1);
            List<String> unseen = new ArrayList<>();
            admin.get("/api/v1/tickets/unseen")
                    .json()
                    .path("tickets")
                    .forEach(t -> unseen.add(t.path("ticketId").asText()));
            assertThat(unseen).contains(id + "/wok");
            // the alert was raised; the chit printed, so it has cleared
            JsonNode raised = alerts.await(
                    ROOT + "/alerts",
                    a -> a.path("subject").asText().equals(id + "/wok") && !a.hasNonNull("clearedAt"));
            assertThat(raised.path("kind").asText()).isEqualTo("TICKET_NOT_SHOWN");
            assertThat(raised.path("message").asText()).contains(id, "Wok", "printed on paper-1");
            alerts.await(
                    ROOT + "/alerts", a -> a.path("subject").asText().equals(id + "/wok") && a.hasNonNull("clearedAt"));
            assertThat(openNotShown()).doesNotContain(id + "/wok");
            try (Browser expo = Browser.start(1200, 800)) {
                expo.open(cfg.http() + "/kds/expo?token=" + TestConfig.EXPO_TOKEN)
                        .awaitState("live");
                expo.until(
                        () -> expo.card(id + "/expo") != null
                                && !expo.card(id + "/expo")
                                        .findElements(org.openqa.selenium.By.cssSelector(".unseen"))
                                        .isEmpty(),
                        "the expo card says nobody saw the wok ticket");
            }
        } finally {
            alerts.close();
        }
        // the page runs again: it shows the ticket, and says so
        Awaitility.await()
                .atMost(20, TimeUnit.SECONDS)
                .until(() -> ticket(id, "wok").hasNonNull("shownAt"));
        List<String> unseen = new ArrayList<>();
        admin.get("/api/v1/tickets/unseen")
                .json()
                .path("tickets")
                .forEach(t -> unseen.add(t.path("ticketId").asText()));
        assertThat(unseen).doesNotContain(id + "/wok");
    }

    @Test
    void theAlertIsRaisedOnceAndClearsWhenAnMqttScreenShowsTheTicketAfterAll() throws Exception {
        browser.open("about:blank"); // no web screen anywhere
        paper.offline(); // the chit cannot print: only a screen can clear the alert
        MqttProbe watch = MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD)
                .subscribe(ROOT + "/alerts", ROOT + "/deadletter");
        try {
            String id = order();
            Awaitility.await()
                    .atMost(15, TimeUnit.SECONDS)
                    .until(() -> openNotShown().contains(id + "/wok"));
            MqttProbe screen = MqttProbe.connect(cfg.mqttUrl(), "kds-wok", TestConfig.PASSWORD);
            try {
                screen.publish(
                        ROOT + "/kds/wok/shown", "{\"ticketIds\": \"" + id + "/wok\"}"); // malformed: dead-lettered
                screen.publish(
                        ROOT + "/kds/wok/shown", "{\"ticketIds\": [\"" + id + "/bar\"]}"); // not its station: ignored
                screen.publish(ROOT + "/kds/wok/shown", "{\"type\": \"shown\", \"ticketIds\": [\"" + id + "/wok\"]}");
            } finally {
                screen.close();
            }
            watch.await(
                    ROOT + "/alerts", a -> a.path("subject").asText().equals(id + "/wok") && a.hasNonNull("clearedAt"));
            assertThat(watch.on(ROOT + "/alerts").stream()
                            .filter(r -> r.json().path("subject").asText().equals(id + "/wok")
                                    && !r.json().hasNonNull("clearedAt"))
                            .count())
                    .as("raised once, however long it stayed unseen")
                    .isEqualTo(1);
            JsonNode dead = watch.await(
                    ROOT + "/deadletter", d -> d.path("topic").asText().endsWith("/kds/wok/shown"));
            assertThat(dead.at("/reason/code").asText()).isEqualTo("INVALID_SHOWN");
            assertThat(ticket(id, "wok").hasNonNull("shownAt")).isTrue();
            assertThat(ticket(id, "bar").hasNonNull("shownAt"))
                    .as("a wok screen cannot vouch for the bar")
                    .isFalse();
        } finally {
            watch.close();
            paper.online();
        }
    }
}
