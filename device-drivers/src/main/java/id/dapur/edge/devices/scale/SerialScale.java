package id.dapur.edge.devices.scale;

import id.dapur.edge.devices.printer.PrinterLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one scale on its own thread ({@code scale-<id>}): opens the link, asks for the weight every
 * poll interval (or listens, for scales that stream), and reports each reading and each change of
 * connection state to the listener, on that thread. Reconnects on its own after an error or an
 * unplugged port, backing off to 5 s. Tare and zero run on the same thread, between polls.
 */
public final class SerialScale implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialScale.class);
    private static final int ANSWER_TIMEOUT_MS = 1000;
    private static final int MAX_FRAME = 256;

    /** Where the scale is: connected and answering, or not, and why. */
    public record Connection(boolean connected, String reason) {}

    /** Told about every reading, every change of connection and every frame that was garbage. */
    public interface Listener {
        void reading(ScaleReading reading);

        void connection(Connection connection);

        void garbage(String reason);
    }

    private enum Command {
        TARE,
        ZERO
    }

    private record Pending(Command command, CompletableFuture<Void> done) {}

    private final String id;
    private final PrinterLink link;
    private final ScaleProtocol protocol;
    private final Duration poll;
    private final Listener listener;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Pending> commands = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final AtomicLong garbageFrames = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection = new Connection(false, "not opened yet");
    private long backoffMs = 250;

    public SerialScale(
            String id, PrinterLink link, ScaleProtocol protocol, Duration poll, Listener listener, Clock clock) {
        this.id = id;
        this.link = link;
        this.protocol = protocol;
        this.poll = poll;
        this.listener = listener;
        this.clock = clock;
        this.thread = new Thread(this::run, "scale-" + id);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long garbageFrames() {
        return garbageFrames.get();
    }

    /** Tares the scale; fails with the reason when the protocol cannot or the scale refused. */
    public CompletableFuture<Void> tare() {
        return command(Command.TARE, protocol.tareRequest());
    }

    public CompletableFuture<Void> zero() {
        return command(Command.ZERO, protocol.zeroRequest());
    }

    private CompletableFuture<Void> command(Command c, byte[] request) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (request == null) {
            f.completeExceptionally(new UnsupportedOperationException(protocol.name() + " scales cannot be told to "
                    + c.name().toLowerCase() + " over the line; use the scale's key"));
        } else {
            commands.add(new Pending(c, f));
        }
        return f;
    }

    private void run() {
        while (running) {
            try {
                if (!link.isOpen()) {
                    link.open();
                    partial.reset();
                }
                Pending p = commands.poll();
                if (p != null) {
                    execute(p);
                } else {
                    pollOnce();
                }
                backoffMs = 250;
            } catch (NoAnswer e) {
                fail(e.getMessage(), false);
            } catch (IOException e) {
                fail(e.getMessage(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("scale worker error [scale: {}]", id, e);
                fail(e.toString(), true);
            }
        }
    }

    private void pollOnce() throws IOException, InterruptedException {
        byte[] request = protocol.weightRequest();
        long started = System.nanoTime();
        int timeout =
                request == null ? 2 * ANSWER_TIMEOUT_MS : ANSWER_TIMEOUT_MS; // a streaming scale gets two frame times
        if (request != null) {
            link.write(request);
        }
        byte[] frame = nextFrame(timeout);
        if (frame == null) {
            throw new NoAnswer("no answer from the scale within " + timeout + " ms on " + link.describe());
        }
        connected();
        try {
            listener.reading(protocol.parse(frame, clock.instant()));
        } catch (ScaleFrameException e) {
            garbageFrames.incrementAndGet();
            listener.garbage(e.getMessage());
        }
        if (request != null) {
            long left = poll.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (left > 0 && commands.isEmpty()) {
                Thread.sleep(left); // this thread belongs to this scale alone
            }
        }
    }

    private void execute(Pending p) throws IOException {
        byte[] request = p.command() == Command.TARE ? protocol.tareRequest() : protocol.zeroRequest();
        link.write(request);
        if (!protocol.answersCommands()) {
            p.done().complete(null);
            return;
        }
        byte[] reply = nextFrame(3 * ANSWER_TIMEOUT_MS);
        if (reply == null) {
            p.done()
                    .completeExceptionally(
                            new IOException("no answer to " + p.command().name().toLowerCase()));
            throw new NoAnswer(
                    "no answer from the scale to " + p.command().name().toLowerCase() + " on " + link.describe());
        }
        try {
            protocol.commandAccepted(reply);
            p.done().complete(null);
        } catch (ScaleFrameException e) {
            p.done().completeExceptionally(e);
        }
    }

    /** The next complete frame (without its end byte), or null when none came within the timeout. */
    private byte[] nextFrame(int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] one = new byte[1];
        while (System.nanoTime() < deadline) {
            int n = link.read(one, (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (n < 0) {
                throw new IOException("the scale's port closed: " + link.describe());
            }
            if (n == 0) {
                continue;
            }
            if (one[0] == protocol.frameEnd()) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                return frame;
            }
            partial.write(one[0]);
            if (partial.size() > MAX_FRAME) { // a wrong baud rate gives endless noise without an end byte
                partial.reset();
                garbageFrames.incrementAndGet();
                listener.garbage("more than " + MAX_FRAME + " bytes without a frame end (wrong line settings?)");
            }
        }
        return null;
    }

    private void connected() {
        if (!connection.connected()) {
            connection = new Connection(true, null);
            LOG.info("scale connected [scale: {}, link: {}]", id, link.describe());
            listener.connection(connection);
        }
    }

    /**
     * A scale switched off (or set to other line settings) behind a port that is still there: the port
     * stays open, since closing a pseudo-terminal or some USB adapters is worse than waiting on them.
     */
    private static final class NoAnswer extends IOException {
        NoAnswer(String message) {
            super(message);
        }
    }

    private void fail(String reason, boolean closeLink) {
        if (closeLink) {
            link.close();
        }
        Pending p;
        while ((p = commands.poll()) != null) {
            p.done().completeExceptionally(new IOException("scale not connected: " + reason));
        }
        if (connection.connected() || !reason.equals(connection.reason())) {
            if (connection.connected()) {
                LOG.warn("scale disconnected [scale: {}, reason: {}]", id, reason);
            }
            connection = new Connection(false, reason);
            listener.connection(connection);
        }
        try {
            Thread.sleep(backoffMs); // reconnect backoff, on the scale's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        backoffMs = Math.min(5000, backoffMs * 2);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
