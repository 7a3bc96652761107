package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.RasterText;
import id.dapur.edge.devices.sim.SimulatedCloudPrntPrinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printers that poll the agent (Star CloudPRNT over HTTP), simulated: a TSP100 fetching PNG chits and
 * a line-mode Star fetching Star commands, each an account of its own; a job done only when the
 * printer reports it; a printer that fetches a job and vanishes gets it again under the same token and
 * does not print it twice; paper out holds the queue; a wrong password or another printer's MAC is
 * refused.
 */
class CloudPrntIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String MAC = "00:11:62:0a:0b:0c";
    static final String PASSWORD = "Kq7vZ2pX9mLw4Rt8";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Http pos;
    private Http admin;
    private TestConfig cfg;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SimulatedCloudPrntPrinter agentAndPrinter(PrinterModel model) throws Exception {
        cfg = TestConfig.embedded(dir);
        RunningAgent a = RunningAgent.start(cfg.load("""
                printers:
                  - { id: bar, connection: "cloudprnt://%s", model: %s, password: "%s", stations: [wok] }
                printing: { fallbackPrinter: none }
                """.formatted(MAC.toUpperCase(), model.id(), PASSWORD)));
        open.add(a);
        a.awaitReady();
        pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        SimulatedCloudPrntPrinter sim = new SimulatedCloudPrntPrinter(
                URI.create(cfg.http() + "/cloudprnt"), MAC, "bar", PASSWORD, model, Duration.ofMillis(200));
        open.add(sim);
        await().atMost(WAIT).until(() -> state().equals("READY"));
        return sim;
    }

    private String state() {
        return PrinterChecks.state(admin);
    }

    private void order(String id) {
        assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);
    }

    private static long printed(SimulatedCloudPrntPrinter sim, Function<Printout, String> text, String what) {
        return PrinterChecks.printed(sim.printer(), text, what);
    }

    @Test
    void aTsp100PollsFetchesAPngChitAndReportsItPrintedOnce() throws Exception {
        SimulatedCloudPrntPrinter sim = agentAndPrinter(PrinterModel.STAR_TSP100);
        order("CP-1");
        await().atMost(WAIT).until(() -> printed(sim, RasterText::text, "CP-1/wok") == 1);
        Printout chit = sim.printer().printouts().get(0);
        assertThat(RasterText.lines(chit)).contains("2 x Nasi Goreng", "  ALLERGENS: egg");
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/queued")
                                .asInt()
                        == 0);
        await().atMost(WAIT).until(() -> sim.events().stream().anyMatch(e -> e.matches("report .* 200 OK -> 200")));
        assertThat(sim.printer().errors()).isEmpty();

        // fetched, printed, then the printer vanished before it reported: back, it is offered the same job
        // under the same token, recognises it and reports it; nothing printed twice
        sim.vanishAfterNextFetch(Duration.ofSeconds(2));
        order("CP-2");
        await().atMost(WAIT).until(() -> sim.events().contains("back"));
        await().atMost(WAIT).until(() -> sim.events().stream().anyMatch(e -> e.startsWith("duplicate ")));
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/queued")
                                .asInt()
                        == 0);
        assertThat(printed(sim, RasterText::text, "CP-2/wok")).isEqualTo(1);
        String fetched = sim.events().stream()
                .filter(e -> e.startsWith("fetch ") && !e.equals("fetch " + tokenOf(sim, 0)))
                .findFirst()
                .orElseThrow();
        String duplicate = sim.events().stream()
                .filter(e -> e.startsWith("duplicate "))
                .findFirst()
                .orElseThrow();
        assertThat(duplicate.substring("duplicate ".length())).isEqualTo(fetched.substring("fetch ".length()));
        assertThat(RasterText.text(sim.printer().printouts().get(1))).doesNotContain("REPRINT");

        // paper out: the poll says so, the queue holds, and the chit prints once paper is back
        PrinterChecks.paperOutHoldsTheQueue(sim.printer(), admin, () -> order("CP-3"), RasterText::text, "CP-3/wok");
    }

    private static String tokenOf(SimulatedCloudPrntPrinter sim, int n) {
        return sim.events().stream()
                .filter(e -> e.startsWith("fetch "))
                .skip(n)
                .findFirst()
                .map(e -> e.substring("fetch ".length()))
                .orElse("");
    }

    @Test
    void aLineModeStarFetchesStarCommandsAndStrangersAreRefused() throws Exception {
        SimulatedCloudPrntPrinter sim = agentAndPrinter(PrinterModel.STAR_PRNT);
        order("CL-1");
        await().atMost(WAIT).until(() -> printed(sim, Printout::text, "CL-1/wok") == 1);
        assertThat(sim.printer().printouts().get(0).text()).contains("2 x Nasi Goreng", "  ALLERGENS: egg");
        assertThat(sim.printer().errors()).isEmpty();

        HttpClient client = HttpClient.newHttpClient();
        String poll = "{\"status\":\"23 86 00 00 00 00 00 00 00\",\"printerMAC\":\"" + MAC + "\"}";
        assertThat(send(client, "bar", "wrong-password-123", poll)).isEqualTo(401);
        assertThat(send(client, null, null, poll)).isEqualTo(401);
        assertThat(send(client, "bar", PASSWORD, poll.replace(MAC, "00:11:62:ff:ff:ff")))
                .as("another printer's MAC")
                .isEqualTo(403);
        assertThat(send(client, "bar", PASSWORD, "not json")).isEqualTo(400);
        assertThat(send(client, "bar", PASSWORD, poll)).isEqualTo(200);
    }

    private int send(HttpClient client, String user, String password, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cfg.http() + "/cloudprnt"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
