package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.RasterText;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import id.dapur.edge.devices.sim.SimulatedSerialPrinter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Star TSP100 (raster only), simulated over TCP and over a socat pty: the chit arrives as raster
 * rows, prints as the image the reference PNG holds, dot for dot, and reads back as its text; status
 * from Star's status block as for line mode; text sent to it prints nothing and is caught.
 */
class StarRasterPrinterIT {
    static final PrinterModel TSP = PrinterModel.STAR_TSP100;
    static final Duration ANSWER = Duration.ofSeconds(2);
    static final Duration PRINT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    static byte[] chit(String title) {
        return PrintCommands.of(TSP, 80)
                .init()
                .align(Align.CENTER)
                .size(2, 2)
                .bold(true)
                .line(title)
                .size(1, 1)
                .bold(false)
                .align(Align.LEFT)
                .reverse(true)
                .line(" GRABFOOD ")
                .reverse(false)
                .line("2 x Nasi Goreng")
                .bold(true)
                .underline(1)
                .line("  ALLERGENS: egg")
                .underline(0)
                .bold(false)
                .line("Café €5 Щ")
                .feed(2)
                .cut(Cut.PARTIAL, 0)
                .bytes();
    }

    static void printsAndReportsFaults(EscPosPrinter p, SimulatedPrinter sim) throws Exception {
        assertThat(p.status().state()).isEqualTo(State.READY);
        EscPosPrinter.Result r = p.print(chit("WOK"), "0001", PRINT);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.PRINTED);
        await().until(() -> sim.printouts().size() == 1);
        Printout out = sim.printouts().get(0);
        assertThat(out.isCut()).isTrue();
        assertThat(out.elements()).allMatch(e -> e instanceof Printout.Image);
        assertThat(RasterText.lines(out))
                .containsExactly("          WOK", " GRABFOOD", "2 x Nasi Goreng", "  ALLERGENS: egg", "Café €5 Щ");
        assertThat(sim.errors()).isEmpty();
        ReferenceImages.assertMatches(PrintoutImage.render(out, TSP.dots(80)), "star-tsp100-raster.png");

        StarPrinterIT.faultsReadAsOnAnEpson(p, sim);
    }

    @Test
    void overTcp() throws Exception {
        try (SimulatedNetworkPrinter sim = SimulatedNetworkPrinter.start(0, TSP)) {
            EscPosPrinter p = new EscPosPrinter(new TcpLink("127.0.0.1", sim.port(), 1000), TSP, ANSWER);
            try {
                printsAndReportsFaults(p, sim.printer());
                Printout rest = StarPrinterIT.paperOutMidJob(p, sim.printer(), chit("GRILL"));
                assertThat(RasterText.lines(rest).get(0)).isEqualTo("         GRILL");
                // text sent to a printer that prints only images prints nothing, and is caught
                p.print(
                        new StarLine(PrinterModel.STAR_PRNT)
                                .init()
                                .line("x")
                                .cut(Cut.PARTIAL, 0)
                                .bytes(),
                        "0003",
                        PRINT);
                await().until(() -> !sim.printer().errors().isEmpty());
                assertThat(sim.printer().errors())
                        .anySatisfy(e -> assertThat(e).contains("a raster-only printer prints no text"));
                assertThat(sim.printer().printouts()).hasSize(2);
            } finally {
                p.close();
            }
        }
    }

    @Test
    void overSerialThroughASocatPty() throws Exception {
        try (PtyPair pty = PtyPair.create(dir, "tsp");
                SimulatedSerialPrinter sim = new SimulatedSerialPrinter(
                        new SerialSettings(pty.device().toString(), 115200, 8, "1", "none", "none"), TSP)) {
            EscPosPrinter p = new EscPosPrinter(
                    new SerialLink(new SerialSettings(pty.host().toString(), 115200, 8, "1", "none", "none")),
                    TSP,
                    ANSWER);
            try {
                printsAndReportsFaults(p, sim.printer());
            } finally {
                p.close();
            }
        }
    }
}
