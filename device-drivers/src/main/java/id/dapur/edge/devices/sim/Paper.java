package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.CodePage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What the simulated printer's mechanism puts on paper: the print settings in force, the line being
 * composed, the printout since the last cut, and every printout so far. Changed only by the
 * mechanism thread; read by anyone. {@code feed} hears of every line of paper used.
 */
final class Paper {
    private final List<Printout> printed = new CopyOnWriteArrayList<>();
    private final List<Consumer<Printout>> listeners = new CopyOnWriteArrayList<>();
    private final IntConsumer feed;
    private final StringBuilder line = new StringBuilder();
    private volatile Printout current = new Printout();
    private CodePage page = CodePage.PC437;
    private boolean bold;
    private boolean underline;
    private boolean reverse;
    private boolean red;
    private int width = 1;
    private int height = 1;
    private int align;
    private String qrData;
    private int qrModule = 3;

    Paper(IntConsumer feed) {
        this.feed = feed;
    }

    /** {@code ESC @}: the line so far is printed, settings back to power-on. */
    void initialize() {
        flushLine();
        page = CodePage.PC437;
        bold = false;
        underline = false;
        reverse = false;
        red = false;
        width = 1;
        height = 1;
        align = 0;
    }

    void character(int b) {
        line.append(page.decode(b));
    }

    void space() {
        line.append(' ');
    }

    void page(CodePage p) {
        page = p;
    }

    void bold(boolean on) {
        bold = on;
    }

    void underline(boolean on) {
        underline = on;
    }

    void reverse(boolean on) {
        reverse = on;
    }

    /** {@code ESC r}: the ribbon's second colour. A line is printed in the colour in force at its end. */
    void red(boolean on) {
        red = on;
    }

    void align(int a) {
        align = a;
    }

    void size(int w, int h) {
        width = w;
        height = h;
    }

    void qrModule(int size) {
        qrModule = size;
    }

    void qrData(String data) {
        qrData = data;
    }

    /** {@code GS ( k} fn 81: prints the stored QR code, if any. */
    void printQr() {
        if (qrData != null) {
            add(new Printout.Qr(qrData, qrModule), 5);
        }
    }

    /** LF: the line is printed in the settings in force. */
    void newLine() {
        current.add(new Printout.Text(line.toString(), bold, width, height, align, reverse, underline, red));
        line.setLength(0);
        feed.accept(height);
    }

    void flushLine() {
        if (line.length() > 0) {
            newLine();
        }
    }

    /** An element that starts on a line of its own and uses {@code lines} of paper. */
    void add(Printout.Element e, int lines) {
        flushLine();
        current.add(e);
        feed.accept(lines);
    }

    void drawerKicked() {
        current.kickDrawer();
    }

    /** {@code GS V}: the printout is finished and cut. */
    void cut() {
        flushLine();
        Printout done = current;
        done.cut();
        finish(done);
    }

    /** After buffers were cleared: what is on paper so far is torn off as an unfinished printout. */
    void tearOff() {
        line.setLength(0);
        if (!current.elements().isEmpty()) {
            finish(current);
        }
    }

    private void finish(Printout p) {
        current = new Printout();
        printed.add(p);
        listeners.forEach(l -> l.accept(p));
    }

    List<Printout> printouts() {
        return List.copyOf(printed);
    }

    Printout inProgress() {
        return current;
    }

    void onPrintout(Consumer<Printout> listener) {
        listeners.add(listener);
    }
}
