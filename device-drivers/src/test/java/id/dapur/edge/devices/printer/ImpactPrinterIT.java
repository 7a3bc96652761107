package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import id.dapur.edge.devices.sim.SimulatedSerialPrinter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Epson TM-U220 (impact, a red and black ribbon) simulated over TCP and over a socat pty pair:
 * red lines come out red on the drawn paper and nowhere else, status faults read as on a thermal
 * Epson, and a command the model has not (a raster logo) is caught by the printer.
 */
class ImpactPrinterIT {
    static final PrinterModel U220 = PrinterModel.EPSON_TM_U220;
    static final Duration ANSWER = Duration.ofSeconds(2);
    static final Duration PRINT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    static byte[] chit() {
        EscPos p = new EscPos(U220)
                .init()
                .size(2, 2)
                .bold(true)
                .line("GRILL")
                .size(1, 1)
                .bold(false);
        p.line("1 x Sate Ayam").red(true).line("  + tanpa kacang").red(false);
        p.red(true).bold(true).line("  ALLERGEN: peanut").bold(false).red(false);
        return p.line("2 x Nasi Goreng").feed(2).cut(Cut.PARTIAL, 0).bytes();
    }

    /** Prints the chit, checks the printout's text, its red lines, and the drawn paper's colours, line by line. */
    static void printsRedWhereMarked(EscPosPrinter p, SimulatedPrinter sim) throws IOException {
        assertThat(p.status().state()).isEqualTo(State.READY);
        EscPosPrinter.Result r = p.print(chit(), "0001", PRINT);
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.PRINTED);
        await().until(() -> sim.printouts().size() == 1);
        Printout out = sim.printouts().get(0);
        assertThat(out.text())
                .isEqualTo("GRILL\n1 x Sate Ayam\n  + tanpa kacang\n  ALLERGEN: peanut\n2 x Nasi Goreng\n\n\n");
        assertThat(out.redLines()).containsExactly("  + tanpa kacang", "  ALLERGEN: peanut");
        assertThat(sim.errors()).isEmpty();
        BufferedImage img = PrintoutImage.render(out, U220.dots(76));
        ReferenceImages.assertMatches(img, "tm-u220-chit.png");
        List<String> redBands = new ArrayList<>();
        List<String> blackBands = new ArrayList<>();
        int y = 16;
        for (Printout.Element e : out.elements()) {
            Printout.Text t = (Printout.Text) e;
            int h = 24 * t.height();
            int red = 0;
            int black = 0;
            for (int yy = y; yy < y + h; yy++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, yy);
                    int rr = rgb >> 16 & 0xFF;
                    int gg = rgb >> 8 & 0xFF;
                    int bb = rgb & 0xFF;
                    red += rr > 150 && gg < 80 && bb < 80 ? 1 : 0;
                    black += rr < 80 && gg < 80 && bb < 80 ? 1 : 0;
                }
            }
            if (red > 0) {
                redBands.add(t.text());
            }
            if (black > 0) {
                blackBands.add(t.text());
            }
            y += h;
        }
        assertThat(redBands)
                .as("lines with red ink on the paper")
                .containsExactly("  + tanpa kacang", "  ALLERGEN: peanut");
        assertThat(blackBands).as("lines with black ink").containsExactly("GRILL", "1 x Sate Ayam", "2 x Nasi Goreng");
    }

    @Test
    void overTcpRedWhereMarkedAndStatusFaultsAsOnAnEpson() throws Exception {
        try (SimulatedNetworkPrinter sim = SimulatedNetworkPrinter.start(0, U220)) {
            EscPosPrinter p = new EscPosPrinter(new TcpLink("127.0.0.1", sim.port(), 1000), U220, ANSWER);
            try {
                printsRedWhereMarked(p, sim.printer());
                sim.printer().runOutOfPaper();
                assertThat(p.status().state()).isEqualTo(State.PAPER_OUT);
                sim.printer().reloadPaper();
                sim.printer().openCover();
                assertThat(p.status().state()).isEqualTo(State.COVER_OPEN);
                sim.printer().closeCover();
                // a thermal printer's logo sent to it: the printer has no raster graphics
                byte[] logo = new EscPos(PrinterModel.EPSON_TM_T20)
                        .init()
                        .raster(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), 480)
                        .cut(Cut.PARTIAL, 0)
                        .bytes();
                p.print(logo, "0002", PRINT);
                await().until(() -> !sim.printer().errors().isEmpty());
                assertThat(sim.printer().errors())
                        .anySatisfy(e -> assertThat(e).contains("epson-tm-u220 has no raster graphics"));
            } finally {
                p.close();
            }
        }
    }

    @Test
    void overSerialThroughASocatPtyPair() throws Exception {
        try (PtyPair pty = PtyPair.create(dir, "impact");
                SimulatedSerialPrinter sim = new SimulatedSerialPrinter(
                        new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"), U220)) {
            EscPosPrinter p = new EscPosPrinter(
                    new SerialLink(new SerialSettings(pty.host().toString(), 9600, 8, "1", "none", "none")),
                    U220,
                    ANSWER);
            try {
                printsRedWhereMarked(p, sim.printer());
            } finally {
                p.close();
            }
        }
    }
}
