package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.CodePage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A simulated Star printer's receiver in line mode: parses the stream as it arrives, answers
 * {@code ESC ACK SOH} at once with the automatic status block, and queues everything else for the
 * mechanism. An ESC/POS command (a Star printer in line mode prints it as garbage) is an error.
 */
final class StarLineReceiver implements Receiver {
    private final SimulatedPrinter printer;
    private final Paper paper;
    private final InputStream in;

    StarLineReceiver(SimulatedPrinter printer, InputStream in) {
        this.printer = printer;
        this.paper = printer.paper();
        this.in = in;
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        printer.received(1);
        return b;
    }

    @Override
    public void receive() throws IOException {
        long at = System.nanoTime();
        int b = next();
        switch (b) {
            case 0x1B -> esc(at);
            case 0x0A -> printer.queue(paper::newLine);
            case 0x0D -> {}
            default -> {
                if (b >= 0x20) {
                    printer.queue(() -> paper.character(b));
                } else {
                    printer.error(String.format("control byte 0x%02X is not Star line mode", b));
                }
            }
        }
    }

    private void esc(long at) throws IOException {
        int c = next();
        switch (c) {
            case '@' -> {
                printer.escAt(at);
                printer.queue(paper::initialize);
            }
            case 'E' -> printer.queue(() -> paper.bold(true));
            case 'F' -> printer.queue(() -> paper.bold(false));
            case '-' -> {
                int n = next() % 48;
                printer.queue(() -> paper.underline(n != 0));
            }
            case '4', '5' -> {
                if (!printer.model().reversePrinting()) {
                    printer.error("ESC " + (char) c + ": " + printer.model().id() + " has no white on black");
                }
                printer.queue(() -> paper.reverse(c == '4'));
            }
            case 'i' -> {
                int h = next() + 1;
                int w = next() + 1;
                if (Math.max(w, h) > printer.model().maxMagnification()) {
                    printer.error("ESC i: " + w + "x" + h + " is beyond "
                            + printer.model().id());
                }
                printer.queue(() -> paper.size(w, h));
            }
            case 'a' -> {
                int n = next();
                printer.queue(() -> {
                    for (int i = 0; i < n; i++) {
                        paper.newLine();
                    }
                });
            }
            case 'd' -> {
                next();
                printer.queue(printer::cut);
            }
            case 0x1D -> gs();
            default -> {
                if (!printer.starStatusCommand(c, this::next)) {
                    printer.error(String.format("ESC 0x%02X is not Star line mode", c));
                }
            }
        }
    }

    private void gs() throws IOException {
        int c = next();
        int n = next();
        switch (c) {
            case 'a' -> printer.queue(() -> paper.align(n));
            case 't' -> {
                CodePage p = CodePage.byStarNumber(n);
                if (p == null) {
                    printer.error("ESC GS t with unknown Star code page " + n);
                } else {
                    printer.queue(() -> paper.page(p));
                }
            }
            default -> printer.error(String.format("ESC GS 0x%02X is not Star line mode", c));
        }
    }
}
