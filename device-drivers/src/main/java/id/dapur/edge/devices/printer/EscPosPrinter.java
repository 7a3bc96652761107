package id.dapur.edge.devices.printer;

import id.dapur.edge.config.DeviceConnection;
import id.dapur.edge.devices.serial.SerialSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The conversation with one ESC/POS printer over a {@link PrinterLink}, run by one thread: ask its
 * status ({@code DLE EOT 1..4}), send a job and learn whether it was printed ({@code GS ( H} fn 48,
 * watching the status while waiting), and notice Automatic Status Back blocks on the way. Every I/O
 * error closes the link; the next call reconnects. A Star printer in line mode
 * ({@link PrinterModel#star()}) is spoken to the same way in Star's terms: its status is its
 * automatic status block, asked with {@code ESC ACK SOH} (Star's unasked status is left off: its
 * blocks look the same as the answers, so an old one could pass for the answer).
 */
public final class EscPosPrinter implements PrinterDriver {
    private static final int CHUNK = 4096;

    /** How a send ended. */
    public enum Outcome {
        /** The printer confirmed it processed everything (or, without completion support, took it and is fine). */
        PRINTED,
        /** Nothing reached the printer: safe to send again as if new. */
        NOT_SENT,
        /** Some or all bytes went out but printing was not confirmed: must be reprinted marked as such. */
        UNCERTAIN,
        /**
         * A printer that polls took the job and has not said how it went: it keeps it, under the same job
         * token, until it does; ask again later, send nothing new (and no REPRINT).
         */
        HELD
    }

    public record Result(Outcome outcome, PrinterStatus status, String detail) {}

    private final PrinterLink link;
    private final PrinterModel model;
    private final Duration answerTimeout;
    private final byte[] buf = new byte[512];
    private final Inbound inbound = new Inbound();
    private PrinterStatus asb;
    private boolean asbEnabled;

    public EscPosPrinter(PrinterLink link, PrinterModel model, Duration answerTimeout) {
        this.link = link;
        this.model = model;
        this.answerTimeout = answerTimeout;
    }

    /** The link for a configured connection; connect timeout as given. */
    public static PrinterLink link(DeviceConnection c, Duration connectTimeout) {
        return switch (c.scheme()) {
            case "tcp" -> new TcpLink(c.host(), c.port(), (int) connectTimeout.toMillis());
            case "serial" -> new SerialLink(SerialSettings.of(c));
            case "file" -> new FileLink(Path.of(c.path()));
            default -> throw new IllegalArgumentException("unsupported printer connection " + c.scheme());
        };
    }

    @Override
    public PrinterModel model() {
        return model;
    }

    @Override
    public String describe() {
        return link.describe();
    }

    /** The current status; OFFLINE with the reason if the printer cannot be reached or does not answer. */
    @Override
    public PrinterStatus status() {
        boolean wasOpen = link.isOpen();
        PrinterStatus s = tryStatus();
        if (wasOpen && s.state() == PrinterStatus.State.OFFLINE && s.reason() != null) {
            s = tryStatus(); // an old connection may have died (printer rebooted): ask once on a new one
        }
        return s;
    }

    private PrinterStatus tryStatus() {
        try {
            link.open();
            if (!link.bidirectional()) {
                return PrinterStatus.READY;
            }
            enableAsbOnce();
            return query();
        } catch (IOException e) {
            return lost(e.getMessage());
        }
    }

    /** Closes the link and says why, naming the printer's address. */
    private PrinterStatus lost(String why) {
        link.close();
        asbEnabled = false;
        String where = link.describe();
        return PrinterStatus.offline(why != null && why.contains(where) ? why : where + ": " + why);
    }

    /**
     * Sends a job and waits, up to {@code printTimeout}, for the printer to confirm it. While waiting
     * the status is asked every second: if the printer stops being able to print, the wait ends at
     * once as {@link Outcome#UNCERTAIN}. {@code completionId} is four characters unique to this attempt.
     */
    public Result print(byte[] job, String completionId, Duration printTimeout) {
        try {
            link.open();
        } catch (IOException e) {
            PrinterStatus s = lost(e.getMessage());
            return new Result(Outcome.NOT_SENT, s, s.reason());
        }
        boolean confirm = link.bidirectional() && model.completionConfirmation();
        byte[] tail =
                confirm ? new EscPos(model).requestCompletion(completionId).bytes() : new byte[0];
        int sent = 0;
        try {
            while (sent < job.length) {
                int n = Math.min(CHUNK, job.length - sent);
                byte[] chunk = new byte[n];
                System.arraycopy(job, sent, chunk, 0, n);
                link.write(chunk);
                sent += n;
            }
            link.write(tail);
        } catch (IOException e) {
            return new Result(
                    Outcome.UNCERTAIN,
                    lost(e.getMessage()),
                    "sending failed after " + sent + " of " + job.length + " bytes: " + e.getMessage());
        }
        if (!link.bidirectional()) {
            return new Result(Outcome.PRINTED, PrinterStatus.READY, "written to " + link.describe());
        }
        try {
            if (!confirm) {
                PrinterStatus s = query();
                return new Result(
                        s.canPrint() ? Outcome.PRINTED : Outcome.UNCERTAIN,
                        s,
                        s.canPrint()
                                ? "sent; the model cannot confirm printing"
                                : "printer reports " + s.state() + " after sending");
            }
            long deadline = System.nanoTime() + printTimeout.toNanos();
            byte[] want = completionId.getBytes(StandardCharsets.US_ASCII);
            long nextStatus = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                int n = link.read(buf, 100);
                if (n < 0) {
                    throw new IOException("printer closed the connection");
                }
                for (int i = 0; i < n; i++) {
                    inbound.accept(buf[i]);
                    if (inbound.completion != null) {
                        byte[] got = inbound.completion;
                        inbound.completion = null;
                        if (Arrays.equals(got, want)) {
                            return new Result(Outcome.PRINTED, PrinterStatus.READY, "confirmed");
                        }
                    }
                }
                PrinterStatus a = takeAsbIfBad();
                if (a != null) {
                    return stopped(a);
                }
                if (System.nanoTime() > nextStatus) {
                    PrinterStatus s = query();
                    if (!s.canPrint()) {
                        return stopped(s);
                    }
                    nextStatus = System.nanoTime() + 1_000_000_000L;
                }
            }
            return new Result(Outcome.UNCERTAIN, query(), "no confirmation within " + printTimeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Result(
                    Outcome.UNCERTAIN, lost(e.getMessage()), "lost the printer while printing: " + e.getMessage());
        }
    }

    /**
     * The printer stopped mid-job (paper out, cover open): what it has not printed yet is dropped at
     * once, while it is stopped, so that reloading paper does not print the rest of a ticket the
     * spooler will reprint whole.
     */
    private Result stopped(PrinterStatus s) {
        clearBuffers();
        return new Result(Outcome.UNCERTAIN, s, "printer reported " + s.state() + " while printing");
    }

    /**
     * Drops whatever an interrupted job left in the printer's buffers, so it does not print half a job
     * after paper is reloaded; only on models that support {@code DLE DC4} fn 8. Returns once the
     * printer has handled it: it answers real-time commands in the order received, so the answer to a
     * status query sent after the clear means the clear is done (without it, paper reloaded at once
     * could still print the rest of the job; EscPosPrinterIT caught that as a rare flake).
     */
    public void clearBuffers() {
        if (!model.clearsBuffer() || !link.bidirectional()) {
            return;
        }
        try {
            link.open();
            link.write(EscPos.CLEAR_BUFFERS);
            query();
        } catch (IOException e) {
            link.close();
        }
    }

    /** The last Automatic Status Back block, consumed, if it says the printer cannot print. */
    private PrinterStatus takeAsbIfBad() {
        PrinterStatus s = asb;
        if (s != null && !s.canPrint()) {
            asb = null;
            return s;
        }
        return null;
    }

    private void enableAsbOnce() throws IOException {
        if (model.automaticStatusBack() && !asbEnabled) {
            link.write(new EscPos(model).automaticStatusBack(true).bytes());
            asbEnabled = true;
        }
    }

    private PrinterStatus query() throws IOException {
        if (model.star()) {
            return starQuery();
        }
        link.write(EscPos.STATUS_QUERY);
        inbound.realTime.reset();
        PrinterStatus silent = readUntil(() -> inbound.realTime.size() >= 4, "a status query");
        if (silent != null) {
            return silent;
        }
        byte[] r = inbound.realTime.toByteArray();
        inbound.realTime.reset();
        return PrinterStatus.fromRealTime(r[0] & 0xFF, r[1] & 0xFF, r[2] & 0xFF, r[3] & 0xFF);
    }

    /**
     * Reads what the printer sends until {@code answered}, within the answer timeout; null then, else
     * the printer lost (no answer to {@code what}, or the connection closed).
     */
    private PrinterStatus readUntil(BooleanSupplier answered, String what) throws IOException {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (!answered.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return lost("no answer to " + what + " within " + answerTimeout.toMillis() + " ms");
            }
            int n = link.read(buf, (int) Math.min(left, 200));
            if (n < 0) {
                return lost("printer closed the connection");
            }
            for (int i = 0; i < n; i++) {
                inbound.accept(buf[i]);
            }
        }
        return null;
    }

    /** Star: asks for the automatic status block and takes the next whole one that arrives. */
    private PrinterStatus starQuery() throws IOException {
        link.write(StarLine.STATUS_REQUEST);
        inbound.starBlock = null;
        PrinterStatus silent = readUntil(() -> inbound.starBlock != null, "a status request");
        if (silent != null) {
            return silent;
        }
        PrinterStatus s = PrinterStatus.fromStarAsb(inbound.starBlock);
        inbound.starBlock = null;
        asb = null; // the same block as any ASB that came with it
        return s;
    }

    @Override
    public Result print(byte[] job, long jobId, String completionId, Duration printTimeout) {
        return print(job, completionId, printTimeout);
    }

    @Override
    public void close() {
        link.close();
        asbEnabled = false;
    }

    /** Splits the bytes a printer sends into real-time answers, ASB blocks and completion answers. */
    private final class Inbound {
        final ByteArrayOutputStream realTime = new ByteArrayOutputStream(4);
        byte[] completion;
        private byte[] block;
        private int at;
        private boolean isCompletion;

        /** The last whole Star status block (asked for or not). */
        byte[] starBlock;

        /** Star: every block the printer sends is an automatic status block; header 1 gives its length. */
        void acceptStar(byte b) {
            if (block != null) {
                block[at++] = b;
                if (at == block.length) {
                    starBlock = block;
                    asb = PrinterStatus.fromStarAsb(block);
                    block = null;
                }
                return;
            }
            if (PrinterStatus.isStarAsbHeader(b)) {
                block = new byte[PrinterStatus.starAsbLength(b)];
                block[0] = b;
                at = 1;
            }
        }

        void accept(byte b) {
            if (model.star()) {
                acceptStar(b);
                return;
            }
            if (block != null) {
                block[at++] = b;
                if (at == block.length) {
                    if (isCompletion) {
                        if (block[0] == 0x22 && block[5] == 0) {
                            completion = Arrays.copyOfRange(block, 1, 5);
                        }
                    } else {
                        byte[] full = new byte[4];
                        full[0] = asbHeader;
                        System.arraycopy(block, 0, full, 1, 3);
                        asb = PrinterStatus.fromAsb(full);
                    }
                    block = null;
                }
                return;
            }
            if (b == 0x37) {
                block = new byte[6];
                at = 0;
                isCompletion = true;
            } else if (PrinterStatus.isAsbHeader(b)) {
                asbHeader = b;
                block = new byte[3];
                at = 0;
                isCompletion = false;
            } else if (PrinterStatus.isRealTimeByte(b)) {
                realTime.write(b);
            }
        }

        private byte asbHeader;
    }
}
