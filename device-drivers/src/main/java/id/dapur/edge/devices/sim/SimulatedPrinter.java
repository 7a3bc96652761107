package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.CodePage;
import id.dapur.edge.devices.printer.PrinterStatus;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A receipt printer that speaks ESC/POS: a receiver parses the byte stream as it arrives, answers
 * real-time commands at once ({@code DLE EOT}, {@code DLE DC4} fn 8) and queues everything else for
 * the mechanism, which prints in order, stops while paper is out or the cover open (keeping what it
 * has not printed, like a real one) and answers {@code GS ( H} once it reaches it. What it printed is
 * kept as {@link Printout}s, one per cut. Transports: {@link SimulatedNetworkPrinter} and
 * {@link SimulatedSerialPrinter}.
 */
public final class SimulatedPrinter {
    private final Object lock = new Object();
    private final BlockingQueue<Op> mechanismQueue = new ArrayBlockingQueue<>(16_384);
    private final List<Printout> printed = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Consumer<Printout>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final Thread mechanism;
    private volatile OutputStream reply;
    private volatile boolean paperOut;
    private volatile boolean paperLow;
    private volatile boolean coverOpen;
    private volatile long paperLeftLines = -1;
    private volatile Duration answerDelay = Duration.ZERO;
    private volatile Duration lineTime = Duration.ZERO;
    private volatile boolean asbOn;
    private volatile boolean running = true;
    private volatile Consumer<Long> firstByteListener = n -> { };
    private volatile boolean inJob;
    private volatile int generation;
    private long escAt;

    // mechanism state: touched only by the mechanism thread
    private Printout current = new Printout();
    private final StringBuilder line = new StringBuilder();
    private CodePage page = CodePage.PC437;
    private boolean bold;
    private boolean underline;
    private boolean reverse;
    private int width = 1;
    private int height = 1;
    private int align;
    private String qrData;
    private int qrModule = 3;

    public SimulatedPrinter() {
        mechanism = new Thread(this::runMechanism, "sim-printer-mechanism");
        mechanism.setDaemon(true);
        mechanism.start();
    }

    // ---- faults, as a test or the demo wants them

    public void runOutOfPaper() {
        paperOut = true;
        statusChanged();
    }

    /** Paper runs out after this many more printed lines (mid-ticket, as in life). */
    public void runOutOfPaperAfter(long lines) {
        paperLeftLines = lines;
    }

    public void reloadPaper() {
        synchronized (lock) {
            paperOut = false;
            paperLow = false;
            paperLeftLines = -1;
            lock.notifyAll();
        }
        statusChanged();
    }

    public void paperLow(boolean low) {
        paperLow = low;
        statusChanged();
    }

    public void openCover() {
        coverOpen = true;
        statusChanged();
    }

    public void closeCover() {
        synchronized (lock) {
            coverOpen = false;
            lock.notifyAll();
        }
        statusChanged();
    }

    /** Delay before answering each real-time status query (a slow or busy interface). */
    public void answerDelay(Duration d) {
        answerDelay = d;
    }

    /** Time the mechanism takes per printed line (a real one does ~10-20 lines/s). */
    public void lineTime(Duration d) {
        lineTime = d;
    }

    /** Called with {@link System#nanoTime()} when the {@code ESC @} that starts a job (after a cut) arrives. */
    public void onFirstByteOfJob(Consumer<Long> listener) {
        firstByteListener = listener;
    }

    public PrinterStatus status() {
        return new PrinterStatus(!coverOpen && !paperOut, coverOpen, paperLow, paperOut, false, false, null);
    }

    // ---- what it printed

    /** Printouts, oldest first: cut ones, and unfinished ones torn off when buffers were cleared. */
    public List<Printout> printouts() {
        return List.copyOf(printed);
    }

    /** What is on the paper since the last cut (a ticket cut short by paper out shows here). */
    public Printout inProgress() {
        return current;
    }

    public void onPrintout(Consumer<Printout> listener) {
        listeners.add(listener);
    }

    /** Bytes it did not understand, described. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public void clearPrintouts() {
        printed.clear();
    }

    // ---- the receiver

    /** Serves one connection until it closes: parses {@code in}, answers on {@code out}. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        reply = out;
        Reader r = new Reader(in);
        try {
            while (running) {
                receive(r);
            }
        } catch (EOFException e) {
            // the host closed the link
        } finally {
            if (reply == out) {
                reply = null;
            }
        }
    }

    private void receive(Reader r) throws IOException {
        int b = r.next();
        long at = System.nanoTime();
        switch (b) {
            case 0x10 -> realTime(r);
            case 0x1B -> {
                escAt = at;
                esc(r);
            }
            case 0x1D -> gs(r);
            case 0x0A -> queue(this::newLine);
            case 0x0D -> { }
            case 0x09 -> queue(() -> line.append(' '));
            default -> {
                if (b >= 0x20) {
                    queue(() -> line.append(page.decode(b)));
                } else {
                    errors.add(String.format("unexpected control byte 0x%02X", b));
                }
            }
        }
    }

    private void realTime(Reader r) throws IOException {
        int c = r.next();
        if (c == 0x04) {
            int n = r.next();
            sleep(answerDelay);
            byte[] all = status().realTimeBytes();
            if (n >= 1 && n <= 4) {
                send(new byte[] {all[n - 1]});
            } else {
                errors.add("DLE EOT with n=" + n);
            }
        } else if (c == 0x14) {
            int fn = r.next();
            if (fn == 8) {
                byte[] rest = r.next(7);
                if (rest[0] == 1 && rest[1] == 3 && rest[2] == 20 && rest[3] == 1 && rest[4] == 6 && rest[5] == 2 && rest[6] == 8) {
                    synchronized (lock) {
                        generation++;
                        mechanismQueue.clear();
                        int g = generation;
                        mechanismQueue.offer(new Op(g, false, () -> tearOff(g)));
                        lock.notifyAll();
                    }
                } else {
                    errors.add("DLE DC4 fn 8 with wrong parameters");
                }
            } else {
                r.next(2);
            }
        } else if (c == 0x05) {
            r.next();
        } else {
            errors.add(String.format("DLE 0x%02X", c));
        }
    }

    private void esc(Reader r) throws IOException {
        int c = r.next();
        switch (c) {
            case '@' -> {
                if (!inJob) { // a job starts with ESC @; status queries and settings between jobs do not count
                    inJob = true;
                    firstByteListener.accept(escAt);
                }
                queue(this::initialize);
            }
            case 'E' -> {
                int n = r.next();
                queue(() -> bold = (n & 1) == 1);
            }
            case '-' -> {
                int n = r.next();
                queue(() -> underline = n % 48 != 0);
            }
            case 'a' -> {
                int n = r.next() % 48;
                queue(() -> align = n);
            }
            case 't' -> {
                int n = r.next();
                CodePage p = CodePage.byNumber(n);
                if (p == null) {
                    errors.add("ESC t with unknown code page " + n);
                } else {
                    queue(() -> page = p);
                }
            }
            case 'd' -> {
                int n = r.next();
                queue(() -> {
                    newLine();
                    for (int i = 1; i < n; i++) {
                        newLine();
                    }
                });
            }
            case 'p' -> {
                r.next(3);
                queue(() -> current.kickDrawer());
            }
            case 'M', 'J', '!', 'G', '2', 'U', 'V' -> {
                if (c != '2') {
                    r.next();
                }
            }
            case '3' -> r.next();
            default -> errors.add(String.format("ESC 0x%02X", c));
        }
    }

    private void gs(Reader r) throws IOException {
        int c = r.next();
        switch (c) {
            case '!' -> {
                int n = r.next();
                queue(() -> {
                    width = (n >> 4 & 7) + 1;
                    height = (n & 7) + 1;
                });
            }
            case 'B' -> {
                int n = r.next();
                queue(() -> reverse = (n & 1) == 1);
            }
            case 'V' -> {
                int m = r.next();
                if (m == 65 || m == 66) {
                    r.next();
                }
                queue(this::cut);
            }
            case 'v' -> raster(r);
            case '(' -> extended(r);
            case 'k' -> barcode(r);
            case 'H', 'h', 'w', 'f', 'L' -> {
                r.next();
                if (c == 'L') {
                    r.next();
                }
            }
            case 'a' -> {
                int n = r.next();
                asbOn = n != 0;
                if (asbOn) {
                    send(status().asbBytes());
                }
            }
            default -> errors.add(String.format("GS 0x%02X", c));
        }
    }

    private void raster(Reader r) throws IOException {
        if (r.next() != '0') {
            errors.add("GS v other than raster 0");
            return;
        }
        r.next();
        int xBytes = r.next() | r.next() << 8;
        int rows = r.next() | r.next() << 8;
        byte[] data = r.next(xBytes * rows);
        BufferedImage img = new BufferedImage(xBytes * 8, rows, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < xBytes * 8; x++) {
                boolean black = (data[y * xBytes + x / 8] & (0x80 >> (x % 8))) != 0;
                img.setRGB(x, y, black ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        queue(() -> {
            flushLine();
            current.add(new Printout.Image(img));
            consumeLines(Math.max(1, rows / 24));
        });
    }

    private void extended(Reader r) throws IOException {
        int kind = r.next();
        int len = r.next() | r.next() << 8;
        byte[] p = r.next(len);
        if (kind == 'k' && len >= 3 && p[0] == 49) {
            int fn = p[1];
            if (fn == 67) {
                int size = p[2];
                queue(() -> qrModule = size);
            } else if (fn == 80) {
                String data = new String(p, 3, len - 3, StandardCharsets.UTF_8);
                queue(() -> qrData = data);
            } else if (fn == 81) {
                queue(() -> {
                    flushLine();
                    if (qrData != null) {
                        current.add(new Printout.Qr(qrData, qrModule));
                        consumeLines(5);
                    }
                });
            }
        } else if (kind == 'H' && len == 6 && p[0] == 48 && p[1] == 48) {
            byte[] id = {p[2], p[3], p[4], p[5]};
            queue(() -> send(new byte[] {0x37, 0x22, id[0], id[1], id[2], id[3], 0}));
        } else if (kind != 'k') {
            errors.add("GS ( " + (char) kind + " not supported");
        }
    }

    private void barcode(Reader r) throws IOException {
        int m = r.next();
        String data;
        if (m >= 65) {
            int n = r.next();
            data = new String(r.next(n), StandardCharsets.US_ASCII);
        } else {
            StringBuilder sb = new StringBuilder();
            for (int b = r.next(); b != 0; b = r.next()) {
                sb.append((char) b);
            }
            data = sb.toString();
        }
        String type = m == 73 ? "CODE128" : m == 67 ? "EAN13" : "BARCODE" + m;
        String shown = m == 73 && data.startsWith("{B") ? data.substring(2) : data;
        queue(() -> {
            flushLine();
            current.add(new Printout.Barcode(type, shown));
            consumeLines(4);
        });
    }

    // ---- the mechanism

    private void queue(Runnable op) throws IOException {
        try {
            mechanismQueue.put(new Op(generation, true, op));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private void runMechanism() {
        while (running) {
            try {
                Op op = mechanismQueue.poll(200, TimeUnit.MILLISECONDS);
                if (op == null) {
                    continue;
                }
                synchronized (lock) {
                    while (op.needsPaper() && (paperOut || coverOpen) && running && op.generation() == generation) {
                        lock.wait(200);
                    }
                }
                if (op.generation() == generation) {
                    op.run().run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                errors.add("mechanism: " + e);
            }
        }
    }

    private void initialize() {
        flushLine();
        page = CodePage.PC437;
        bold = false;
        underline = false;
        reverse = false;
        width = 1;
        height = 1;
        align = 0;
    }

    private void newLine() {
        current.add(new Printout.Text(line.toString(), bold, width, height, align, reverse, underline));
        line.setLength(0);
        consumeLines(height);
    }

    private void flushLine() {
        if (line.length() > 0) {
            newLine();
        }
    }

    private void consumeLines(int n) {
        sleep(lineTime.multipliedBy(n));
        if (paperLeftLines > 0) {
            paperLeftLines = Math.max(0, paperLeftLines - n);
            if (paperLeftLines == 0) {
                paperOut = true;
                statusChanged();
            }
        }
    }

    /** After buffers were cleared: what is on paper so far is torn off as an unfinished printout. */
    private void tearOff(int g) {
        if (g != generation) {
            return;
        }
        line.setLength(0);
        if (!current.elements().isEmpty()) {
            Printout partial = current;
            current = new Printout();
            printed.add(partial);
            listeners.forEach(l -> l.accept(partial));
        }
        inJob = false;
    }

    private void cut() {
        flushLine();
        Printout done = current;
        done.cut();
        current = new Printout();
        printed.add(done);
        inJob = false;
        listeners.forEach(l -> l.accept(done));
    }

    private void statusChanged() {
        if (asbOn) {
            send(status().asbBytes());
        }
    }

    private void send(byte[] bytes) {
        OutputStream out = reply;
        if (out == null) {
            return;
        }
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            // the host went away; it will ask again when it comes back
        }
    }

    private static void sleep(Duration d) {
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis()); // simulated mechanics, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void close() {
        running = false;
        mechanism.interrupt();
    }

    /** A mechanism step; steps queued before the buffers were cleared are skipped. */
    private record Op(int generation, boolean needsPaper, Runnable run) {
    }

    /** Reads bytes and counts them; EOF ends the connection. */
    private final class Reader {
        private final InputStream in;

        Reader(InputStream in) {
            this.in = in;
        }

        int next() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            bytesReceived.incrementAndGet();
            return b;
        }

        byte[] next(int n) throws IOException {
            byte[] out = in.readNBytes(n);
            if (out.length < n) {
                throw new EOFException();
            }
            bytesReceived.addAndGet(n);
            return out;
        }
    }

    /** For tests: the printouts' texts. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        printed.forEach(p -> out.add(p.text()));
        return out;
    }
}
