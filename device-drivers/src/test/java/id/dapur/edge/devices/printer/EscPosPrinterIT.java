package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.PrintoutImage;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import id.dapur.edge.devices.sim.SimulatedSerialPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against the simulated printer, over real TCP sockets and a real pty pair. */
class EscPosPrinterIT {
    private static final Duration ANSWER = Duration.ofSeconds(2);
    private static final Duration PRINT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SimulatedNetworkPrinter sim;
    private EscPosPrinter printer;

    @AfterEach
    void tearDown() {
        if (printer != null) {
            printer.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private EscPosPrinter tcp(PrinterModel model) {
        sim = SimulatedNetworkPrinter.start(0);
        printer = new EscPosPrinter(new TcpLink("127.0.0.1", sim.port(), 1000), model, ANSWER);
        return printer;
    }

    private static byte[] chit(PrinterModel model, String title, int lines) {
        EscPos p = new EscPos(model)
                .init()
                .align(Align.CENTER)
                .size(2, 2)
                .bold(true)
                .line(title)
                .size(1, 1)
                .bold(false)
                .align(Align.LEFT);
        for (int i = 1; i <= lines; i++) {
            p.line(i + " x Nasi Goreng pedas");
        }
        return p.feed(2).cut(Cut.PARTIAL, 0).bytes();
    }

    @Test
    void printsAJobAndTheMechanismConfirmsIt() throws Exception {
        EscPosPrinter p = tcp(PrinterModel.EPSON_TM_T20);
        assertThat(p.status().state()).isEqualTo(State.READY);
        byte[] job = new EscPos(PrinterModel.EPSON_TM_T20)
                .init()
                .align(Align.CENTER)
                .size(2, 2)
                .bold(true)
                .line("WOK")
                .size(1, 1)
                .bold(false)
                .align(Align.LEFT)
                .line("Meja 12")
                .line("2 x Soto Ayam — pedas")
                .line("Café latte 1x €")
                .qr("https://dapur.example/o/POS1-1", 6, 'M')
                .code128("POS1-1")
                .feed(2)
                .cut(Cut.PARTIAL, 0)
                .bytes();

        EscPosPrinter.Result r = p.print(job, "0001", PRINT);

        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.PRINTED);
        assertThat(r.detail()).isEqualTo("confirmed");
        await().until(() -> sim.printer().printouts().size() == 1);
        Printout out = sim.printer().printouts().get(0);
        assertThat(out.isCut()).isTrue();
        assertThat(out.text())
                .isEqualTo("WOK\nMeja 12\n2 x Soto Ayam — pedas\nCafé latte 1x €\n[QR:https://dapur.example/o/POS1-1]\n"
                        + "[CODE128:POS1-1]\n\n\n");
        assertThat(out.boldLines()).containsExactly("WOK");
        assertThat(sim.printer().errors()).isEmpty();
        // the rendered paper carries a QR code a phone can scan
        var img = PrintoutImage.render(out, PrinterModel.EPSON_TM_T20.dots(80));
        String scanned = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img))))
                .getText();
        assertThat(scanned).isEqualTo("https://dapur.example/o/POS1-1");
    }

    @Test
    void reportsPaperOutCoverOpenAndPaperLow() {
        EscPosPrinter p = tcp(PrinterModel.EPSON_TM_T88);
        sim.printer().runOutOfPaper();
        assertThat(p.status().state()).isEqualTo(State.PAPER_OUT);
        sim.printer().reloadPaper();
        sim.printer().openCover();
        assertThat(p.status().state()).isEqualTo(State.COVER_OPEN);
        sim.printer().closeCover();
        sim.printer().paperLow(true);
        PrinterStatus low = p.status();
        assertThat(low.state()).isEqualTo(State.PAPER_LOW);
        assertThat(low.canPrint()).isTrue();
    }

    @Test
    void paperRunningOutMidJobIsUncertainAndClearingBuffersTearsOffTheHalfPrintedTicket() {
        EscPosPrinter p = tcp(PrinterModel.EPSON_TM_T20);
        sim.printer().runOutOfPaperAfter(4);

        EscPosPrinter.Result r = p.print(chit(PrinterModel.EPSON_TM_T20, "WOK", 10), "0002", PRINT);

        assertThat(r.outcome()).isEqualTo(Outcome.UNCERTAIN);
        assertThat(r.status().state()).isEqualTo(State.PAPER_OUT);
        // the driver cleared the printer's buffers while it was stopped: reloading prints nothing of it
        sim.printer().reloadPaper();
        await().until(() -> sim.printer().printouts().size() == 1);
        Printout partial = sim.printer().printouts().get(0);
        assertThat(partial.isCut()).isFalse();
        assertThat(partial.text()).startsWith("WOK\n1 x Nasi Goreng pedas\n").doesNotContain("10 x");
        // the leftovers of the first job never print; the next one prints whole
        EscPosPrinter.Result again = p.print(chit(PrinterModel.EPSON_TM_T20, "REPRINT", 10), "0003", PRINT);
        assertThat(again.outcome()).isEqualTo(Outcome.PRINTED);
        await().until(() -> sim.printer().printouts().size() == 2);
        assertThat(sim.printer().printouts().get(1).text())
                .startsWith("REPRINT\n1 x")
                .contains("10 x Nasi Goreng pedas");
    }

    @Test
    void unreachableOrSilentPrinterIsOfflineWithAReasonAndComesBack() {
        EscPosPrinter p = tcp(PrinterModel.EPSON_TM_T20);
        assertThat(p.status().state()).isEqualTo(State.READY);
        sim.offline();
        PrinterStatus off = p.status();
        assertThat(off.state()).isEqualTo(State.OFFLINE);
        assertThat(off.reason()).contains("127.0.0.1:" + sim.port());
        assertThat(p.print(chit(PrinterModel.EPSON_TM_T20, "X", 1), "0004", PRINT)
                        .outcome())
                .isIn(Outcome.NOT_SENT, Outcome.UNCERTAIN);
        sim.online();
        assertThat(p.status().state()).isEqualTo(State.READY);

        sim.printer().answerDelay(Duration.ofSeconds(3));
        PrinterStatus slow = new EscPosPrinter(
                        new TcpLink("127.0.0.1", sim.port(), 1000), PrinterModel.EPSON_TM_T20, Duration.ofMillis(300))
                .status();
        assertThat(slow.state()).isEqualTo(State.OFFLINE);
        assertThat(slow.reason()).contains("no answer to a status query within 300 ms");
    }

    @Test
    void aModelWithoutCompletionCountsAJobPrintedWhenItWasTakenAndTheStatusIsFine() {
        EscPosPrinter p = tcp(PrinterModel.GENERIC);
        EscPosPrinter.Result r = p.print(chit(PrinterModel.GENERIC, "BAR", 2), "0005", PRINT);
        assertThat(r.outcome()).isEqualTo(Outcome.PRINTED);
        assertThat(r.detail()).contains("cannot confirm");
        await().until(() -> sim.printer().printouts().size() == 1);
    }

    @Test
    void serialPrinterThroughASocatPtyPair() throws Exception {
        try (PtyPair pty = PtyPair.create(dir, "printer");
                SimulatedSerialPrinter serialSim = new SimulatedSerialPrinter(
                        new SerialSettings(pty.device().toString(), 19200, 8, "1", "none", "none"))) {
            EscPosPrinter p = new EscPosPrinter(
                    new SerialLink(new SerialSettings(pty.host().toString(), 19200, 8, "1", "none", "none")),
                    PrinterModel.EPSON_TM_T20,
                    ANSWER);
            try {
                assertThat(p.status().state()).isEqualTo(State.READY);
                EscPosPrinter.Result r = p.print(chit(PrinterModel.EPSON_TM_T20, "GRILL", 3), "0006", PRINT);
                assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.PRINTED);
                await().until(() -> serialSim.printer().printouts().size() == 1);
                assertThat(serialSim.printer().printouts().get(0).text())
                        .isEqualTo("GRILL\n1 x Nasi Goreng pedas\n2 x Nasi Goreng pedas\n3 x Nasi Goreng pedas\n\n\n");
                serialSim.printer().openCover();
                assertThat(p.status().state()).isEqualTo(State.COVER_OPEN);
            } finally {
                p.close();
            }
        }
    }

    @Test
    void fileOrDevicePathGetsTheBytesAsTheyAre() throws Exception {
        Path file = dir.resolve("lp0");
        EscPosPrinter p = new EscPosPrinter(new FileLink(file), PrinterModel.GENERIC, ANSWER);
        byte[] job = chit(PrinterModel.GENERIC, "FILE", 1);
        assertThat(p.status().state()).isEqualTo(State.READY);
        assertThat(p.print(job, "0007", PRINT).outcome()).isEqualTo(Outcome.PRINTED);
        assertThat(Files.readAllBytes(file)).containsExactly(job);
        PrinterStatus missing =
                new EscPosPrinter(new FileLink(dir.resolve("no/such/dir/lp0")), PrinterModel.GENERIC, ANSWER).status();
        assertThat(missing.state()).isEqualTo(State.OFFLINE);
        assertThat(missing.reason()).contains("no/such/dir/lp0");
    }
}
