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
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import id.dapur.edge.devices.sim.SimulatedSerialPrinter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Star printer in line mode, simulated over TCP and over a socat pty: the driver speaks Star's
 * commands and reads Star's status block (asked with ESC ACK SOH); paper out, cover open and paper
 * low read as on an Epson; ESC/POS sent to it is caught.
 */
class StarPrinterIT {
    static final PrinterModel STAR = PrinterModel.STAR_PRNT;
    static final Duration ANSWER = Duration.ofSeconds(2);
    static final Duration PRINT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    static byte[] chit(String title) {
        return new StarLine(STAR)
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
                .line("Café €5")
                .feed(2)
                .cut(Cut.PARTIAL, 0)
                .bytes();
    }

    static void printsAndReportsFaults(EscPosPrinter p, SimulatedPrinter sim) throws IOException {
        assertThat(p.status().state()).isEqualTo(State.READY);
        EscPosPrinter.Result r = p.print(chit("WOK"), "0001", PRINT);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.PRINTED);
        await().until(() -> sim.printouts().size() == 1);
        Printout out = sim.printouts().get(0);
        assertThat(out.isCut()).isTrue();
        assertThat(out.text()).isEqualTo("WOK\n GRABFOOD \n2 x Nasi Goreng\n  ALLERGENS: egg\nCafé €5\n\n\n");
        assertThat(out.boldLines()).containsExactly("WOK", "  ALLERGENS: egg");
        Printout.Text banner = (Printout.Text) out.elements().get(1);
        assertThat(banner.reverse()).isTrue();
        Printout.Text title = (Printout.Text) out.elements().get(0);
        assertThat(title.width()).isEqualTo(2);
        assertThat(title.height()).isEqualTo(2);
        ReferenceImages.assertMatches(PrintoutImage.render(out, STAR.dots(80)), "star-prnt-chit.png");
        assertThat(sim.errors()).isEmpty();

        faultsReadAsOnAnEpson(p, sim);
    }

    /** Paper out, cover open and paper low from Star's status block, each read as on an Epson, then ready. */
    static void faultsReadAsOnAnEpson(EscPosPrinter p, SimulatedPrinter sim) {
        sim.runOutOfPaper();
        assertThat(p.status().state()).isEqualTo(State.PAPER_OUT);
        sim.reloadPaper();
        sim.openCover();
        assertThat(p.status().state()).isEqualTo(State.COVER_OPEN);
        sim.closeCover();
        sim.paperLow(true);
        assertThat(p.status().state()).isEqualTo(State.PAPER_LOW);
        sim.paperLow(false);
        assertThat(p.status().state()).isEqualTo(State.READY);
    }

    /** Paper running out mid-job: the next status says so (the spooler then holds the queue); the rest prints once paper is back. */
    static Printout paperOutMidJob(EscPosPrinter p, SimulatedPrinter sim, byte[] job) {
        int before = sim.printouts().size();
        sim.runOutOfPaperAfter(2);
        p.print(job, "0002", PRINT);
        await().until(() -> p.status().state() == State.PAPER_OUT);
        sim.reloadPaper();
        await().until(() -> sim.printouts().size() == before + 1);
        return sim.printouts().get(before);
    }

    @Test
    void overTcp() throws Exception {
        try (SimulatedNetworkPrinter sim = SimulatedNetworkPrinter.start(0, STAR)) {
            EscPosPrinter p = new EscPosPrinter(new TcpLink("127.0.0.1", sim.port(), 1000), STAR, ANSWER);
            try {
                printsAndReportsFaults(p, sim.printer());
                assertThat(paperOutMidJob(p, sim.printer(), chit("GRILL")).text())
                        .as("the rest printed once paper is back")
                        .startsWith("GRILL\n");
                // an ESC/POS job sent to a Star printer is caught by it
                p.print(
                        new EscPos(PrinterModel.EPSON_TM_T20)
                                .init()
                                .size(2, 2)
                                .line("x")
                                .cut(Cut.PARTIAL, 0)
                                .bytes(),
                        "0003",
                        PRINT);
                await().until(() -> !sim.printer().errors().isEmpty());
                assertThat(sim.printer().errors()).anySatisfy(e -> assertThat(e).contains("not Star line mode"));
            } finally {
                p.close();
            }
        }
    }

    @Test
    void overSerialThroughASocatPty() throws Exception {
        try (PtyPair pty = PtyPair.create(dir, "star");
                SimulatedSerialPrinter sim = new SimulatedSerialPrinter(
                        new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"), STAR)) {
            EscPosPrinter p = new EscPosPrinter(
                    new SerialLink(new SerialSettings(pty.host().toString(), 9600, 8, "1", "none", "none")),
                    STAR,
                    ANSWER);
            try {
                printsAndReportsFaults(p, sim.printer());
            } finally {
                p.close();
            }
        }
    }
}
