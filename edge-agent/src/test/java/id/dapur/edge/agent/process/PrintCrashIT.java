package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the agent process around printing: a job caught mid-print is printed again
 * after the restart with a visible REPRINT mark (never silently twice); a job that had not started
 * prints once, unmarked; nothing is lost either way.
 */
@Timeout(180)
class PrintCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SimulatedNetworkPrinter sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private Path config(TestConfig cfg) throws Exception {
        return cfg.write("""
                printers:
                  - { id: k1, connection: "tcp://127.0.0.1:%d", model: epson-tm-t20, stations: [wok] }
                printing: { fallbackPrinter: none }
                """.formatted(sim.port()));
    }

    private List<Printout> chits(String ticketId) {
        return sim.printer().printouts().stream()
                .filter(p -> p.isCut() && p.text().contains(ticketId))
                .toList();
    }

    @Test
    void aJobCaughtMidPrintIsPrintedAgainMarkedReprint() throws Exception {
        sim = SimulatedNetworkPrinter.start(0);
        sim.printer().lineTime(Duration.ofMillis(150)); // a slow mechanism: the kill lands mid-ticket
        TestConfig cfg = TestConfig.embedded(dir);
        Path file = config(cfg);
        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-1.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(cfg.http());
            assertThat(new Http(cfg.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("KP-1"))
                            .status())
                    .isEqualTo(201);
            Awaitility.await("printing under way")
                    .atMost(WAIT)
                    .until(() -> sim.printer().inProgress().elements().size() >= 3);
            agent.kill();
        }
        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-2.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(cfg.http());
            Awaitility.await("printed again after the restart")
                    .atMost(WAIT)
                    .until(() -> chits("KP-1/wok").size() == 2);
            List<Printout> copies = chits("KP-1/wok");
            assertThat(copies.get(0).text())
                    .doesNotContain("REPRINT"); // what the printer had before the kill, finished
            assertThat(copies.get(1).text()).startsWith("*** REPRINT ***\nWOK\n");
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> new Http(cfg.http(), TestConfig.ADMIN_TOKEN)
                            .get("/api/v1/printers/k1/jobs")
                            .json()
                            .at("/jobs/0/state")
                            .asText()
                            .equals("DONE"));
            assertThat(chits("KP-1/wok")).hasSize(2);
        }
    }

    @Test
    void aJobThatHadNotStartedPrintsOnceUnmarked() throws Exception {
        sim = SimulatedNetworkPrinter.start(0);
        sim.printer().openCover(); // the job waits in H2, nothing is sent
        TestConfig cfg = TestConfig.embedded(dir);
        Path file = config(cfg);
        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-1.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(cfg.http());
            assertThat(new Http(cfg.http(), TestConfig.POS_TOKEN)
                            .post("/api/v1/orders", Orders.json("KP-2"))
                            .status())
                    .isEqualTo(201);
            Awaitility.await("job queued")
                    .atMost(WAIT)
                    .until(() -> new Http(cfg.http(), TestConfig.ADMIN_TOKEN)
                                    .get("/api/v1/printers")
                                    .json()
                                    .at("/printers/0/queued")
                                    .asInt()
                            == 1);
            agent.kill();
        }
        sim.printer().closeCover();
        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-2.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(cfg.http());
            Awaitility.await("printed after the restart")
                    .atMost(WAIT)
                    .until(() -> chits("KP-2/wok").size() == 1);
            assertThat(chits("KP-2/wok").get(0).text()).startsWith("WOK\n").doesNotContain("REPRINT");
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> new Http(cfg.http(), TestConfig.ADMIN_TOKEN)
                            .get("/api/v1/printers/k1/jobs")
                            .json()
                            .at("/jobs/0/state")
                            .asText()
                            .equals("DONE"));
            assertThat(sim.printer().printouts()).hasSize(1);
        }
    }
}
