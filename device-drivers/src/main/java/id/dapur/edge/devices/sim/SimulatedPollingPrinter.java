package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.PrinterModel;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What the simulated printers that poll the agent share ({@link SimulatedCloudPrntPrinter}, {@link
 * SimulatedEposSdpPrinter}): a {@link SimulatedPrinter} for the paper, a poll every {@code
 * pollInterval} on a thread of its own, HTTP Basic sign-in, the log of what it did, and the fault
 * of a printer that takes a job, prints it and goes quiet.
 */
abstract class SimulatedPollingPrinter implements AutoCloseable {
    protected final SimulatedPrinter printer;
    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;
    private final Duration pollInterval;
    private final Thread loop;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Object printed = new Object();
    private volatile boolean running = true;
    private volatile Duration vanishFor;
    private final Object timer = new Object();
    private boolean pollNow;

    protected SimulatedPollingPrinter(
            String name, String user, String password, PrinterModel model, Duration pollInterval) {
        this.printer = new SimulatedPrinter(model);
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.pollInterval = pollInterval;
        printer.onPrintout(p -> {
            synchronized (printed) {
                printed.notifyAll();
            }
        });
        this.loop = new Thread(this::run, name);
        loop.setDaemon(true);
    }

    /** Starts polling; subclasses call it last in their constructor. */
    protected final void start() {
        loop.start();
    }

    public SimulatedPrinter printer() {
        return printer;
    }

    /** What it did, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The next job it takes it prints, then goes quiet for {@code d}: no report, no poll. */
    public void vanishAfterNextFetch(Duration d) {
        vanishFor = d;
    }

    /** Polls at once rather than when its interval is up (CloudPRNT's MQTT {@code request-post}). */
    public void pollNow() {
        synchronized (timer) {
            pollNow = true;
            timer.notifyAll();
        }
    }

    /** One poll, and whatever it leads to. */
    protected abstract void pollOnce() throws IOException, InterruptedException;

    protected void event(String e) {
        events.add(e);
    }

    /** After printing a job: true if it goes quiet now (it has, by the time this returns), reporting nothing. */
    protected boolean vanished() throws InterruptedException {
        Duration vanish = vanishFor;
        if (vanish == null) {
            return false;
        }
        vanishFor = null;
        events.add("vanish");
        Thread.sleep(vanish.toMillis()); // quiet, as a printer without power
        events.add("back");
        return true;
    }

    protected HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Authorization", authorization);
    }

    protected static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Waits until a printout beyond the first {@code before} is cut; false after 10 s. */
    protected boolean awaitPrinted(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (printed) {
            while (printer.printouts().size() <= before) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                printed.wait(left);
            }
        }
        return true;
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
            } catch (IOException e) {
                events.add("error " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                synchronized (timer) { // the printer's own poll timer, cut short by pollNow()
                    long deadline = System.nanoTime() + pollInterval.toNanos();
                    while (!pollNow && running) {
                        long left = (deadline - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                            break;
                        }
                        timer.wait(left);
                    }
                    pollNow = false;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        printer.close();
    }
}
