package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.printer.PrinterStatus;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A receipt printer that speaks ESC/POS (or, for a Star model, Star line mode or raster mode): a receiver parses the byte stream as it arrives, answers
 * real-time commands at once ({@code DLE EOT}, {@code DLE DC4} fn 8) and queues everything else for
 * the mechanism, which prints in order, stops while paper is out or the cover open (keeping what it
 * has not printed, like a real one) and answers {@code GS ( H} once it reaches it. What it printed is
 * kept as {@link Printout}s, one per cut. Transports: {@link SimulatedNetworkPrinter} and
 * {@link SimulatedSerialPrinter}.
 */
public final class SimulatedPrinter {
    private final Object lock = new Object();
    private final BlockingQueue<Op> mechanismQueue = new ArrayBlockingQueue<>(16_384);
    private final List<String> errors = new CopyOnWriteArrayList<>();
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
    private volatile Consumer<Long> firstByteListener = n -> {};
    private volatile boolean inJob;
    private volatile int generation;

    private final Paper paper = new Paper(this::consumeLines); // touched only by the mechanism thread

    private final PrinterModel model;

    /** A thermal Epson: every command the agent sends to one. */
    public SimulatedPrinter() {
        this(PrinterModel.EPSON_TM_T20);
    }

    /** A printer of this model: a command the model has not (red on thermal, raster on impact) is an error. */
    public SimulatedPrinter(PrinterModel model) {
        this.model = model;
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
        return paper.printouts();
    }

    /** What is on the paper since the last cut (a ticket cut short by paper out shows here). */
    public Printout inProgress() {
        return paper.inProgress();
    }

    public void onPrintout(Consumer<Printout> listener) {
        paper.onPrintout(listener);
    }

    /** Bytes it did not understand, described. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    // ---- the receiver

    /** Serves one connection until it closes: parses {@code in}, answers on {@code out}. */
    public void serve(InputStream in, OutputStream out) throws IOException {
        reply = out;
        Receiver r = switch (model.language()) {
            case ESC_POS -> new EscPosReceiver(this, in);
            case STAR_LINE -> new StarLineReceiver(this, in);
            case STAR_RASTER -> new StarRasterReceiver(this, in);
        };
        try {
            while (running) {
                r.receive();
            }
        } catch (EOFException e) {
            // the host closed the link
        } finally {
            if (reply == out) {
                reply = null;
            }
        }
    }

    /** {@code DLE EOT n}: one status byte, after the configured answer delay. */
    void realTimeStatus(int n) {
        sleep(answerDelay);
        if (n >= 1 && n <= 4) {
            send(new byte[] {status().realTimeBytes()[n - 1]});
        } else {
            error("DLE EOT with n=" + n);
        }
    }

    /** {@code DLE DC4 fn 8}: drops everything not printed yet, at once, even while stopped. */
    void clearBuffers() {
        synchronized (lock) {
            generation++;
            mechanismQueue.clear();
            int g = generation;
            mechanismQueue.offer(new Op(g, false, () -> tearOff(g)));
            lock.notifyAll();
        }
    }

    /** {@code GS a n} (Star: {@code ESC RS a n}): on sends the current status at once and on every change. */
    void automaticStatusBack(boolean on) {
        asbOn = on;
        if (on) {
            send(asbBlock());
        }
    }

    /** Reads the next byte of the command being parsed. */
    interface NextByte {
        int next() throws IOException;
    }

    /**
     * Star's status commands, the same in line and raster mode, after {@code ESC}: {@code ACK SOH}
     * (the status block, asked) and {@code RS a n} (sent unasked on every change); false when {@code
     * c} is neither.
     */
    boolean starStatusCommand(int c, NextByte in) throws IOException {
        if (c == 0x06) {
            if (in.next() == 0x01) {
                starStatusRequest();
            } else {
                error("ESC ACK other than SOH");
            }
            return true;
        }
        if (c == 0x1E) {
            if (in.next() == 'a') {
                automaticStatusBack(in.next() != 0);
            } else {
                error("ESC RS other than a");
            }
            return true;
        }
        return false;
    }

    /** Star's {@code ESC ACK SOH}: the automatic status block, after the configured answer delay. */
    void starStatusRequest() {
        sleep(answerDelay);
        send(status().starAsbBytes());
    }

    private byte[] asbBlock() {
        return model.star() ? status().starAsbBytes() : status().asbBytes();
    }

    /** An {@code ESC @} arrived at {@code at}: the start of a job unless one is under way. */
    void escAt(long at) {
        if (!inJob) {
            inJob = true;
            firstByteListener.accept(at);
        }
    }

    void error(String what) {
        errors.add(what);
    }

    void received(int n) {
        bytesReceived.addAndGet(n);
    }

    public PrinterModel model() {
        return model;
    }

    Paper paper() {
        return paper;
    }

    // ---- the mechanism

    void queue(Runnable op) throws IOException {
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
        if (g == generation) {
            paper.tearOff();
            inJob = false;
        }
    }

    void cut() {
        paper.cut();
        inJob = false;
    }

    private void statusChanged() {
        if (asbOn) {
            send(asbBlock());
        }
    }

    void send(byte[] bytes) {
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
    private record Op(int generation, boolean needsPaper, Runnable run) {}
}
