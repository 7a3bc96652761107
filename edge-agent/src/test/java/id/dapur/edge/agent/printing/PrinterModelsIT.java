package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.RasterText;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import id.dapur.edge.devices.sim.SimulatedSerialPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent printing to printers that are not thermal Epsons. A simulated Star printer in line mode
 * (not ESC/POS): chits in Star's commands, its status from Star's status block. A simulated Epson
 * TM-U220 (impact, red and black ribbon, 40 columns, no raster or QR) over TCP and over a socat pty: the cook's chit red where it must not be missed, within
 * its columns, nothing sent the printer cannot print. A simulated Star TSP100 (raster only): the chit
 * drawn by the agent, read back from the dots, every chit printed once through a paper-out (the one it interrupted perhaps again, marked REPRINT: the
 * printer does not confirm what it finished).
 */
class PrinterModelsIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final PrinterModel U220 = PrinterModel.EPSON_TM_U220;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Http pos;
    private Http admin;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void agent(String connection) throws Exception {
        agent(connection, "epson-tm-u220");
    }

    private void agent(String connection, String model) throws Exception {
        TestConfig cfg = TestConfig.embedded(dir);
        RunningAgent a = RunningAgent.start(cfg.load("""
                printers:
                  - { id: grill, connection: "%s", model: %s, stations: [wok] }
                printing: { fallbackPrinter: none }
                """.formatted(connection, model)));
        open.add(a);
        a.awaitReady();
        pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
    }

    private void order(String id) {
        assertThat(pos.post("/api/v1/orders", Orders.json(id)).status()).isEqualTo(201);
    }

    /** The chit of {@code id}: complete, red where marked, within 40 columns, nothing the printer refused. */
    private static Printout chitOf(SimulatedPrinter sim, String id) {
        await().atMost(WAIT)
                .until(() -> sim.printouts().stream()
                        .anyMatch(p -> p.isCut() && p.text().contains(id + "/wok")));
        List<Printout> chits = sim.printouts().stream()
                .filter(p -> p.isCut() && p.text().contains(id + "/wok"))
                .toList();
        assertThat(chits).as("printed once").hasSize(1);
        Printout chit = chits.get(0);
        assertThat(chit.text()).contains("2 x Nasi Goreng", "  + extra pedas", "  ! tanpa telur", "  ALLERGENS: egg");
        assertThat(chit.redLines()).containsExactly("  + extra pedas", "  ALLERGENS: egg");
        assertThat(chit.elements())
                .allSatisfy(e -> assertThat(((Printout.Text) e).text().length() * ((Printout.Text) e).width())
                        .isLessThanOrEqualTo(40));
        assertThat(sim.errors()).as("nothing it cannot print").isEmpty();
        return chit;
    }

    @Test
    void overTcpTheChitIsRedWhereItMattersAndSurvivesAPaperOut() throws Exception {
        SimulatedNetworkPrinter grill = SimulatedNetworkPrinter.start(0, U220);
        open.add(grill);
        agent("tcp://127.0.0.1:" + grill.port());
        order("IM-1");
        Printout chit = chitOf(grill.printer(), "IM-1");
        Path shots = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        PrintoutImage.writePng(chit, U220.dots(76), shots.resolve("tm-u220-chit.png"));

        grill.printer().runOutOfPaperAfter(12); // mid-chit
        for (int i = 2; i <= 4; i++) {
            order("IM-" + i);
        }
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                        .json()
                        .at("/printers/0/state")
                        .asText()
                        .equals("PAPER_OUT"));
        grill.printer().reloadPaper();
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/printers")
                                        .json()
                                        .at("/printers/0/queued")
                                        .asInt()
                                == 0
                        && admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/state")
                                .asText()
                                .equals("READY"));
        List<Printout> all = grill.printer().printouts();
        assertThat(all)
                .as("nothing torn off: the printer finishes what it holds once the paper is back")
                .allMatch(Printout::isCut);
        for (int i = 1; i <= 4; i++) {
            String id = "IM-" + i + "/wok";
            assertThat(all.stream()
                            .filter(p -> p.text().contains(id) && !p.text().contains("REPRINT")))
                    .as("one chit of " + id)
                    .hasSize(1);
        }
        // without a completion answer the spooler cannot tell whether the chit the paper end interrupted was
        // finished: it prints it again, marked, as on any printer that does not confirm (never silently twice)
        assertThat(all.stream().filter(p -> p.text().contains("REPRINT")))
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(p -> assertThat(p.text()).containsAnyOf("IM-2/wok", "IM-3/wok", "IM-4/wok"));
        assertThat(grill.printer().errors()).isEmpty();
    }

    @Test
    void aStarPrinterGetsStarsCommandsAndItsPaperOutHoldsTheQueue() throws Exception {
        SimulatedNetworkPrinter star = SimulatedNetworkPrinter.start(0, PrinterModel.STAR_PRNT);
        open.add(star);
        agent("tcp://127.0.0.1:" + star.port(), "star-prnt");
        order("ST-1");
        await().atMost(WAIT)
                .until(() -> star.printer().printouts().stream()
                        .anyMatch(p -> p.text().contains("ST-1/wok")));
        Printout chit = star.printer().printouts().get(0);
        assertThat(chit.text())
                .startsWith("WOK\nTable 7\n")
                .contains("2 x Nasi Goreng", "  + extra pedas", "  ALLERGENS: egg");
        assertThat(chit.boldLines()).contains("WOK", "  ALLERGENS: egg");
        assertThat(star.printer().errors()).as("nothing but Star line mode").isEmpty();

        PrinterChecks.paperOutHoldsTheQueue(star.printer(), admin, () -> order("ST-2"), Printout::text, "ST-2/wok");
    }

    @Test
    void aStarTsp100GetsItsChitDrawnAsRasterAndItsPaperOutHoldsTheQueue() throws Exception {
        SimulatedNetworkPrinter tsp = SimulatedNetworkPrinter.start(0, PrinterModel.STAR_TSP100);
        open.add(tsp);
        agent("tcp://127.0.0.1:" + tsp.port(), "star-tsp100");
        order("TS-1");
        await().atMost(WAIT)
                .until(() -> tsp.printer().printouts().stream()
                        .anyMatch(p -> p.isCut() && RasterText.text(p).contains("TS-1/wok")));
        Printout chit = tsp.printer().printouts().get(0);
        assertThat(chit.elements()).as("nothing but raster images").allMatch(e -> e instanceof Printout.Image);
        List<String> lines = RasterText.lines(chit);
        assertThat(lines).contains("2 x Nasi Goreng", "  + extra pedas", "  ! tanpa telur", "  ALLERGENS: egg");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(48));
        assertThat(tsp.printer().errors())
                .as("no text, no ESC/POS: raster commands only")
                .isEmpty();
        Path shots = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        PrintoutImage.writePng(chit, PrinterModel.STAR_TSP100.dots(80), shots.resolve("star-tsp100-chit.png"));

        PrinterChecks.paperOutHoldsTheQueue(tsp.printer(), admin, () -> order("TS-2"), RasterText::text, "TS-2/wok");
    }

    @Test
    void overSerialThroughASocatPty() throws Exception {
        PtyPair pty = PtyPair.create(dir, "impact");
        open.add(pty);
        SimulatedSerialPrinter sim = new SimulatedSerialPrinter(
                new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"), U220);
        open.add(sim);
        agent("serial://" + pty.host() + "?baud=9600&parity=none&databits=8");
        order("IS-1");
        chitOf(sim.printer(), "IS-1");
    }
}
