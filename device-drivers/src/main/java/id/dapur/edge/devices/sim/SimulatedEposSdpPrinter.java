package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.EposSdpPrinter;
import id.dapur.edge.devices.printer.PrinterModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.w3c.dom.Document;

/**
 * A simulated Epson printer in Server Direct Print mode: it asks the server for a job every {@code
 * pollInterval} ({@code ConnectionType=GetRequest}), prints the ESC/POS commands of the ePOS-Print
 * document it gets on its {@link SimulatedPrinter}, and sends the result ({@code SetResponse}: success
 * once the job is on paper, else {@code EPTR_REC_EMPTY} or {@code EPTR_COVER_OPEN} and its status). It
 * keeps the id of the last job it printed and does not print a job offered again under that id. {@link
 * #vanishAfterNextFetch} makes it print a job and then go quiet for a while, reporting nothing.
 */
public final class SimulatedEposSdpPrinter extends SimulatedPollingPrinter {
    private final URI server;
    private final String id;
    private volatile String lastPrinted;

    public SimulatedEposSdpPrinter(
            URI server, String id, String user, String password, PrinterModel model, Duration pollInterval) {
        super("sim-sdp-" + id, user, password, model, pollInterval);
        this.server = server;
        this.id = id;
        start();
    }

    @Override
    protected void pollOnce() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = post("ConnectionType=GetRequest&ID=" + enc(id) + "&Name=" + enc("sim-" + id));
        event("get " + r.statusCode());
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
        event("job " + job);
        if (job != null && job.equals(lastPrinted)) {
            event("duplicate " + job); // printed before it lost touch: not again
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
        if (!vanished()) {
            result(job, ok, ok ? "" : "EPTR_REC_EMPTY");
        }
    }

    private boolean print(byte[] commands) throws IOException, InterruptedException {
        int before = printer.printouts().size();
        printer.serve(new ByteArrayInputStream(commands), OutputStream.nullOutputStream());
        return awaitPrinted(before);
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
        event("result " + job + " " + success + " -> " + r.statusCode());
    }

    private HttpResponse<byte[]> post(String form) throws IOException, InterruptedException {
        return http.send(
                request(server)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
