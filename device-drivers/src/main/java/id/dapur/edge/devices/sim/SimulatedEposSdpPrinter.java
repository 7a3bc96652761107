package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.EposSdpPrinter;
import id.dapur.edge.devices.printer.PrinterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.w3c.dom.Document;

/**
 * A simulated Epson printer in Server Direct Print mode: it asks the server for a job every {@code
 * pollInterval} ({@code ConnectionType=GetRequest}), prints the ESC/POS commands of the ePOS-Print
 * document it gets on its {@link SimulatedPrinter}, and sends the result ({@code SetResponse}: success
 * once the job is on paper, else {@code EPTR_REC_EMPTY} or {@code EPTR_COVER_OPEN} and its status). It
 * keeps the id of the last job it printed and does not print a job offered again under that id. {@link
 * #vanishAfterNextFetch} makes it print a job and then go quiet for a while, reporting nothing.
 */
public final class SimulatedEposSdpPrinter implements AutoCloseable {
    private final SimulatedPrinter printer;
    private final URI server;
    private final String id;
    private final String authorization;
    private final Duration pollInterval;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread loop;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Object printed = new Object();
    private volatile boolean running = true;
    private volatile Duration vanishFor;
    private volatile String lastPrinted;

    public SimulatedEposSdpPrinter(
            URI server, String id, String user, String password, PrinterModel model, Duration pollInterval) {
        this.printer = new SimulatedPrinter(model);
        this.server = server;
        this.id = id;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.pollInterval = pollInterval;
        printer.onPrintout(p -> {
            synchronized (printed) {
                printed.notifyAll();
            }
        });
        this.loop = new Thread(this::run, "sim-sdp-" + id);
        loop.setDaemon(true);
        loop.start();
    }

    public SimulatedPrinter printer() {
        return printer;
    }

    /** What it did, in order: {@code get 200}, {@code job <id>}, {@code duplicate <id>}, {@code result <id> true}, {@code vanish}… */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** The next job it gets it prints, then goes quiet for {@code d}: no result, no request. */
    public void vanishAfterNextFetch(Duration d) {
        vanishFor = d;
    }

    private void run() {
        while (running) {
            try {
                requestOnce();
            } catch (IOException e) {
                events.add("error " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(pollInterval.toMillis()); // the printer's own interval
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void requestOnce() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = post("ConnectionType=GetRequest&ID=" + enc(id) + "&Name=" + enc("sim-" + id));
        events.add("get " + r.statusCode());
        if (r.statusCode() != 200 || r.body().length == 0) {
            return;
        }
        Document d;
        try {
            d = EposSdpPrinter.parser().parse(new ByteArrayInputStream(r.body()));
        } catch (Exception e) {
            printer.error("answer is not ePOS-Print XML: " + e.getMessage());
            return;
        }
        String job = EposSdpPrinter.text(d, "printjobid");
        events.add("job " + job);
        if (job != null && job.equals(lastPrinted)) {
            events.add("duplicate " + job); // printed before it lost touch: not again
            result(job, true, "");
            return;
        }
        if (!printer.status().canPrint()) {
            result(job, false, printer.status().paperOut() ? "EPTR_REC_EMPTY" : "EPTR_COVER_OPEN");
            return;
        }
        boolean ok = print(EposSdpPrinter.commands(d));
        if (ok) {
            lastPrinted = job;
        }
        Duration vanish = vanishFor;
        if (vanish != null) {
            vanishFor = null;
            events.add("vanish");
            Thread.sleep(vanish.toMillis());
            events.add("back");
            return;
        }
        result(job, ok, ok ? "" : "EPTR_REC_EMPTY");
    }

    private boolean print(byte[] commands) throws IOException, InterruptedException {
        int before = printer.printouts().size();
        printer.serve(new ByteArrayInputStream(commands), OutputStream.nullOutputStream());
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

    private void result(String job, boolean success, String code) throws IOException, InterruptedException {
        byte[] asb = printer.status().asbBytes();
        long status = (asb[0] & 0xFFL) | (asb[1] & 0xFFL) << 8 | (asb[2] & 0xFFL) << 16 | (asb[3] & 0xFFL) << 24;
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><PrintResponseInfo Version=\"2.00\"><ePOSPrint>"
                + "<Parameter><devid>local_printer</devid><printjobid>" + job + "</printjobid></Parameter>"
                + "<PrintResponse><response xmlns=\"http://www.epson-pos.com/schemas/2011/03/epos-print\" success=\""
                + success + "\" code=\"" + code + "\" status=\"" + status + "\" battery=\"0\"/></PrintResponse>"
                + "</ePOSPrint></PrintResponseInfo>";
        HttpResponse<byte[]> r = post("ConnectionType=SetResponse&ID=" + enc(id) + "&ResponseFile=" + enc(xml));
        events.add("result " + job + " " + success + " -> " + r.statusCode());
    }

    private HttpResponse<byte[]> post(String form) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(server)
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        printer.close();
    }
}
