package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.SimulatedEposSdpPrinter;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Epson printer in Server Direct Print mode, simulated over real HTTP: it asks for jobs, gets
 * ePOS-Print documents carrying the chit's ESC/POS commands, prints them and reports; a printer that
 * takes a job and vanishes is handed it again under the same job id and does not print it twice;
 * paper out (reported with a failed job) holds the queue until the paper is back; strangers are refused.
 */
class EposSdpIT {
    static final Duration WAIT = Duration.ofSeconds(45);
    static final String PASSWORD = "Kq7vZ2pX9mLw4Rt8";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void anEpsonThatPollsPrintsEachChitOnceThroughAVanishingAndAPaperOut() throws Exception {
        TestConfig cfg = TestConfig.embedded(dir);
        RunningAgent a = RunningAgent.start(cfg.load("""
                printers:
                  - { id: front, connection: "sdp://TM-m30_front", model: epson-tm-m30, password: "%s", stations: [wok] }
                printing: { fallbackPrinter: none }
                """.formatted(PASSWORD)));
        open.add(a);
        a.awaitReady();
        Http pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        SimulatedEposSdpPrinter sim = new SimulatedEposSdpPrinter(
                URI.create(cfg.http() + "/epson-sdp"),
                "TM-m30_front",
                "front",
                PASSWORD,
                PrinterModel.EPSON_TM_M30,
                Duration.ofMillis(200));
        open.add(sim);
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                        .json()
                        .at("/printers/0/state")
                        .asText()
                        .equals("READY"));

        assertThat(pos.post("/api/v1/orders", Orders.json("SD-1")).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> count(sim, "SD-1/wok") == 1);
        assertThat(sim.printer().printouts().get(0).text()).contains("2 x Nasi Goreng", "ALLERGENS: egg");
        await().atMost(WAIT).until(() -> sim.events().stream().anyMatch(e -> e.matches("result .* true -> 200")));

        // took a job, printed it, vanished before reporting: handed it again under the same id, not printed twice
        sim.vanishAfterNextFetch(Duration.ofSeconds(2));
        assertThat(pos.post("/api/v1/orders", Orders.json("SD-2")).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> sim.events().stream().anyMatch(e -> e.startsWith("duplicate ")));
        String job = sim.events().stream()
                .filter(e -> e.startsWith("duplicate "))
                .findFirst()
                .orElseThrow()
                .substring("duplicate ".length());
        assertThat(sim.events()).contains("job " + job, "vanish", "back");
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/queued")
                                .asInt()
                        == 0);
        assertThat(count(sim, "SD-2/wok")).isEqualTo(1);

        // paper out: the failed job says so, the queue holds; paper back, the chit prints once
        PrinterChecks.paperOutHoldsTheQueue(
                sim.printer(),
                admin,
                () -> assertThat(pos.post("/api/v1/orders", Orders.json("SD-3")).status())
                        .isEqualTo(201),
                Printout::text,
                "SD-3/wok");

        HttpClient client = HttpClient.newHttpClient();
        assertThat(post(client, cfg, "front", "wrong-password-123", "ConnectionType=GetRequest&ID=TM-m30_front"))
                .isEqualTo(401);
        assertThat(post(client, cfg, "front", PASSWORD, "ConnectionType=GetRequest&ID=TM-m30_other"))
                .as("another printer's ID")
                .isEqualTo(403);
        assertThat(post(client, cfg, "front", PASSWORD, "ConnectionType=Reboot&ID=TM-m30_front"))
                .isEqualTo(400);
    }

    private static long count(SimulatedEposSdpPrinter sim, String what) {
        return PrinterChecks.printed(sim.printer(), Printout::text, what);
    }

    private static int post(HttpClient client, TestConfig cfg, String user, String password, String form)
            throws Exception {
        return client.send(
                        HttpRequest.newBuilder(URI.create(cfg.http() + "/epson-sdp"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((user + ":" + password)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
