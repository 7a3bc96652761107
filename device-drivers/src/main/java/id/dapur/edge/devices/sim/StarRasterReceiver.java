package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.StarRasterImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated Star TSP100's receiver: raster mode only, as Star's raster command specification has
 * it. {@code ESC * r A} enters raster mode and {@code ESC * r B} quits it; in it, {@code b n1 n2 d1…dk}
 * is one row of dots (leftmost in the high bit), {@code ESC * r Y n NUL} moves n blank rows, and
 * {@code ESC FF NUL} ends the page: what was sent is printed and cut. {@code ESC * r R}, {@code C},
 * {@code P}, {@code E}, {@code Q}, {@code T}, {@code m l|r} are taken (settings the simulation does
 * not need). {@code ESC ACK SOH} is answered at once with the status block. Rows reach the mechanism
 * in bands of 24 (a line of Font A), so paper running out stops a chit part way, as on a real one.
 * Text, ESC/POS, or a row outside raster mode prints nothing and is recorded as an error: this printer
 * cannot print characters.
 */
final class StarRasterReceiver implements Receiver {
    private static final int BAND = 24;
    private static final int MAX_ROW_BYTES = 256;

    private final SimulatedPrinter printer;
    private final Paper paper;
    private final InputStream in;
    private final List<byte[]> band = new ArrayList<>();
    private boolean rasterMode;
    private int widthBytes;

    StarRasterReceiver(SimulatedPrinter printer, InputStream in) {
        this.printer = printer;
        this.paper = printer.paper();
        this.in = in;
        this.widthBytes = printer.model()
                        .dots(printer.model()
                                .widths()
                                .get(printer.model().widths().size() - 1))
                / 8;
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
        if (b == 0x1B) {
            esc(at);
        } else if (b == 'b' && rasterMode) {
            int k = next() | next() << 8;
            if (k > MAX_ROW_BYTES) {
                printer.error("raster row of " + k + " bytes");
            }
            byte[] row = new byte[Math.max(k, widthBytes)];
            for (int i = 0; i < k; i++) {
                row[i] = (byte) next();
            }
            row(row);
        } else {
            printer.error(String.format(
                    "byte 0x%02X %s: a raster-only printer prints no text",
                    b, rasterMode ? "is no raster command" : "outside raster mode"));
        }
    }

    private void esc(long at) throws IOException {
        int c = next();
        switch (c) {
            case '@' -> {
                printer.escAt(at);
                rasterMode = false;
                band.clear();
                printer.queue(paper::initialize);
            }
            case '*' -> raster();
            case 0x0C -> {
                if (next() != 0) {
                    printer.error("ESC FF without NUL");
                }
                endOfPage();
            }
            default -> {
                if (!printer.starStatusCommand(c, this::next)) {
                    printer.error(String.format("ESC 0x%02X is not a raster command", c));
                }
            }
        }
    }

    private void raster() throws IOException {
        if (next() != 'r') {
            printer.error("ESC * other than r");
            return;
        }
        int c = next();
        switch (c) {
            case 'A' -> rasterMode = true;
            case 'B' -> {
                flushBand();
                rasterMode = false;
            }
            case 'R', 'C' -> {}
            case 'Y' -> {
                int n = number();
                for (int i = 0; i < n; i++) {
                    row(new byte[widthBytes]);
                }
            }
            case 'P', 'E', 'Q', 'T' -> number();
            case 'm' -> {
                next(); // l or r
                number();
            }
            default -> printer.error(String.format("ESC * r 0x%02X is not a raster command", c));
        }
    }

    /** Decimal digits up to NUL, as raster mode's parameters are sent. */
    private int number() throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        for (int b = next(); b != 0; b = next()) {
            if (b < '0' || b > '9' || digits.size() >= 5) {
                printer.error("raster parameter is not a number up to NUL");
                return 0;
            }
            digits.write(b);
        }
        return digits.size() == 0 ? 0 : Integer.parseInt(digits.toString());
    }

    private void row(byte[] row) throws IOException {
        if (!rasterMode) {
            printer.error("raster row outside raster mode");
            return;
        }
        band.add(row);
        if (band.size() == BAND) {
            flushBand();
        }
    }

    private void endOfPage() throws IOException {
        if (!rasterMode) {
            printer.error("ESC FF NUL outside raster mode");
            return;
        }
        flushBand();
        printer.queue(printer::cut);
    }

    private void flushBand() throws IOException {
        if (band.isEmpty()) {
            return;
        }
        int w = band.stream().mapToInt(r -> r.length).max().orElse(widthBytes) * 8;
        BufferedImage img = StarRasterImage.image(List.copyOf(band), w);
        band.clear();
        printer.queue(() -> paper.add(new Printout.Image(img), 1));
    }
}
