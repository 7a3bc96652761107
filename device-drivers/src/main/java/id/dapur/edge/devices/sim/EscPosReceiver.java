package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.CodePage;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The simulated printer's receiver: parses the ESC/POS stream as it arrives, answers real-time
 * commands through the printer at once, and queues everything else for its mechanism, in order.
 */
final class EscPosReceiver implements Receiver {
    private final SimulatedPrinter printer;
    private final Paper paper;
    private final Reader in;
    private long escAt;

    EscPosReceiver(SimulatedPrinter printer, InputStream in) {
        this.printer = printer;
        this.paper = printer.paper();
        this.in = new Reader(in, printer);
    }

    @Override
    public void receive() throws IOException {
        int b = in.next();
        long at = System.nanoTime();
        switch (b) {
            case 0x10 -> realTime();
            case 0x1B -> {
                escAt = at;
                esc();
            }
            case 0x1D -> gs();
            case 0x0A -> printer.queue(paper::newLine);
            case 0x0D -> {}
            case 0x09 -> printer.queue(paper::space);
            default -> {
                if (b >= 0x20) {
                    printer.queue(() -> paper.character(b));
                } else {
                    printer.error(String.format("unexpected control byte 0x%02X", b));
                }
            }
        }
    }

    private void realTime() throws IOException {
        int c = in.next();
        if (c == 0x04) {
            int n = in.next();
            printer.realTimeStatus(n);
        } else if (c == 0x14) {
            int fn = in.next();
            if (fn == 8) {
                byte[] rest = in.next(7);
                if (rest[0] == 1
                        && rest[1] == 3
                        && rest[2] == 20
                        && rest[3] == 1
                        && rest[4] == 6
                        && rest[5] == 2
                        && rest[6] == 8) {
                    printer.clearBuffers();
                } else {
                    printer.error("DLE DC4 fn 8 with wrong parameters");
                }
            } else {
                in.next(2);
            }
        } else if (c == 0x05) {
            in.next();
        } else {
            printer.error(String.format("DLE 0x%02X", c));
        }
    }

    private void esc() throws IOException {
        int c = in.next();
        switch (c) {
            case '@' -> {
                printer.escAt(escAt); // a job starts with ESC @; status queries and settings between jobs do not count
                printer.queue(paper::initialize);
            }
            case 'E' -> {
                int n = in.next();
                printer.queue(() -> paper.bold((n & 1) == 1));
            }
            case '-' -> {
                int n = in.next();
                printer.queue(() -> paper.underline(n % 48 != 0));
            }
            case 'a' -> {
                int n = in.next() % 48;
                printer.queue(() -> paper.align(n));
            }
            case 't' -> {
                int n = in.next();
                CodePage p = CodePage.byNumber(n);
                if (p == null) {
                    printer.error("ESC t with unknown code page " + n);
                } else {
                    printer.queue(() -> paper.page(p));
                }
            }
            case 'd' -> {
                int n = in.next();
                printer.queue(() -> {
                    paper.newLine();
                    for (int i = 1; i < n; i++) {
                        paper.newLine();
                    }
                });
            }
            case 'p' -> {
                in.next(3);
                printer.queue(paper::drawerKicked);
            }
            case 'r' -> {
                int n = in.next();
                if (printer.model().redPrinting()) {
                    printer.queue(() -> paper.red((n & 1) == 1));
                } else {
                    printer.error("ESC r: " + printer.model().id() + " has one colour");
                }
            }
            case 'M', 'J', '!', 'G', '2', 'U', 'V' -> {
                if (c != '2') {
                    in.next();
                }
            }
            case '3' -> in.next();
            default -> printer.error(String.format("ESC 0x%02X", c));
        }
    }

    private void gs() throws IOException {
        int c = in.next();
        switch (c) {
            case '!' -> {
                int n = in.next();
                int w = (n >> 4 & 7) + 1;
                int h = (n & 7) + 1;
                if (Math.max(w, h) > printer.model().maxMagnification()) {
                    printer.error("GS ! " + w + "x" + h + ": " + printer.model().id() + " enlarges at most "
                            + printer.model().maxMagnification() + " times");
                }
                printer.queue(() -> paper.size(w, h));
            }
            case 'B' -> {
                int n = in.next();
                lacks(printer.model().reversePrinting(), "GS B", "white-on-black printing");
                printer.queue(() -> paper.reverse((n & 1) == 1));
            }
            case 'V' -> {
                int m = in.next();
                if (m == 65 || m == 66) {
                    in.next();
                }
                printer.queue(printer::cut);
            }
            case 'v' -> raster();
            case '(' -> extended();
            case 'k' -> barcode();
            case 'H', 'h', 'w', 'f', 'L' -> {
                in.next();
                if (c == 'L') {
                    in.next();
                }
            }
            case 'a' -> {
                printer.automaticStatusBack(in.next() != 0);
            }
            default -> printer.error(String.format("GS 0x%02X", c));
        }
    }

    /** A command the model has not: recorded as an error (a real one prints garbage or nothing). */
    private void lacks(boolean has, String command, String what) {
        if (!has) {
            printer.error(command + ": " + printer.model().id() + " has no " + what);
        }
    }

    private void raster() throws IOException {
        lacks(printer.model().rasterImages(), "GS v 0", "raster graphics");
        if (in.next() != '0') {
            printer.error("GS v other than raster 0");
            return;
        }
        in.next();
        int xBytes = in.next() | in.next() << 8;
        int rows = in.next() | in.next() << 8;
        byte[] data = in.next(xBytes * rows);
        BufferedImage img = new BufferedImage(xBytes * 8, rows, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < xBytes * 8; x++) {
                boolean black = (data[y * xBytes + x / 8] & (0x80 >> (x % 8))) != 0;
                img.setRGB(x, y, black ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        printer.queue(() -> paper.add(new Printout.Image(img), Math.max(1, rows / 24)));
    }

    private void extended() throws IOException {
        int kind = in.next();
        int len = in.next() | in.next() << 8;
        byte[] p = in.next(len);
        if (kind == 'k') {
            lacks(printer.model().qrCodes(), "GS ( k", "QR codes");
        }
        if (kind == 'k' && len >= 3 && p[0] == 49) {
            int fn = p[1];
            if (fn == 67) {
                int size = p[2];
                printer.queue(() -> paper.qrModule(size));
            } else if (fn == 80) {
                String data = new String(p, 3, len - 3, StandardCharsets.UTF_8);
                printer.queue(() -> paper.qrData(data));
            } else if (fn == 81) {
                printer.queue(paper::printQr);
            }
        } else if (kind == 'H' && len == 6 && p[0] == 48 && p[1] == 48) {
            byte[] id = {p[2], p[3], p[4], p[5]};
            printer.queue(() -> printer.send(new byte[] {0x37, 0x22, id[0], id[1], id[2], id[3], 0}));
        } else if (kind != 'k') {
            printer.error("GS ( " + (char) kind + " not supported");
        }
    }

    private void barcode() throws IOException {
        lacks(printer.model().barcodes(), "GS k", "barcodes");
        int m = in.next();
        String data;
        if (m >= 65) {
            int n = in.next();
            data = new String(in.next(n), StandardCharsets.US_ASCII);
        } else {
            StringBuilder sb = new StringBuilder();
            for (int b = in.next(); b != 0; b = in.next()) {
                sb.append((char) b);
            }
            data = sb.toString();
        }
        String type = m == 73 ? "CODE128" : m == 67 ? "EAN13" : "BARCODE" + m;
        String shown = m == 73 && data.startsWith("{B") ? data.substring(2) : data;
        printer.queue(() -> paper.add(new Printout.Barcode(type, shown), 4));
    }

    /** Reads bytes and counts them; EOF ends the connection. */
    private static final class Reader {
        private final InputStream in;
        private final SimulatedPrinter printer;

        Reader(InputStream in, SimulatedPrinter printer) {
            this.in = in;
            this.printer = printer;
        }

        int next() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            printer.received(1);
            return b;
        }

        byte[] next(int n) throws IOException {
            byte[] out = in.readNBytes(n);
            if (out.length < n) {
                throw new EOFException();
            }
            printer.received(n);
            return out;
        }
    }
}
