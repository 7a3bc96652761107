package id.dapur.edge.devices.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import id.dapur.edge.devices.printer.PrinterModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A simulated Star printer in CloudPRNT mode: it polls the server every {@code pollInterval} with its
 * status block, and when a job is ready (and it can print) fetches it in a media type it takes, prints
 * it on its {@link SimulatedPrinter}, and reports the result ({@code 200 OK} once the job is on
 * paper). It keeps the token of the last job it printed, as Star's firmware does, and a job offered
 * again under that token is reported, not printed. {@link #vanishAfterNextFetch} makes it fetch and
 * print a job and then go quiet (no report, no polls) for a while, as a printer that lost power or
 * Wi-Fi at the wrong moment.
 */
public final class SimulatedCloudPrntPrinter extends SimulatedPollingPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String mac;
    private final AtomicInteger polls = new AtomicInteger();
    private volatile String lastPrintedToken;

    public SimulatedCloudPrntPrinter(
            URI server, String mac, String user, String password, PrinterModel model, Duration pollInterval) {
        super("sim-cloudprnt-" + mac, user, password, model, pollInterval);
        this.server = server;
        this.mac = mac;
        start();
    }

    /** Its status block in hex, as it sends it with each poll (and over MQTT in {@code client-status}). */
    public String statusHex() {
        return HexFormat.ofDelimiter(" ").formatHex(printer.status().starAsbBytes());
    }

    public int polls() {
        return polls.get();
    }

    @Override
    protected void pollOnce() throws IOException, InterruptedException {
        String status = statusHex();
        String body = JSON.writeValueAsString(
                Map.of("status", status, "printerMAC", mac, "statusCode", "200%20OK", "printingInProgress", false));
        HttpResponse<String> r = http.send(
                request(server)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        polls.incrementAndGet();
        event("poll " + r.statusCode());
        if (r.statusCode() != 200) {
            return;
        }
        JsonNode answer = JSON.readTree(r.body());
        if (!answer.path("jobReady").asBoolean() || !printer.status().canPrint()) {
            return; // a printer in error does not fetch
        }
        String type = null;
        for (JsonNode t : answer.path("mediaTypes")) {
            if (takes(t.asText())) {
                type = t.asText();
                break;
            }
        }
        String token = answer.path("jobToken").asText(null);
        if (type == null) {
            report(token, "415 Unsupported Media Type");
            return;
        }
        HttpResponse<byte[]> job = http.send(
                request(query(server, "type", type, "token", token)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (job.statusCode() != 200) {
            event("fetch " + job.statusCode());
            return;
        }
        event("fetch " + token);
        if (token != null && token.equals(lastPrintedToken)) {
            event("duplicate " + token); // printed before it lost touch: not again
            report(token, "200 OK");
            return;
        }
        boolean printed = print(type, job.body());
        if (printed) {
            lastPrintedToken = token;
        }
        if (!vanished()) {
            report(token, printed ? "200 OK" : "520 Printer Error");
        }
    }

    private boolean takes(String type) {
        return printer.model().rasterOnly()
                ? CloudPrntPrinter.PNG.equals(type)
                : CloudPrntPrinter.LINE_MODE.equals(type);
    }

    /** Puts the job on paper; true once it is printed and cut. */
    private boolean print(String type, byte[] body) throws IOException, InterruptedException {
        int before = printer.printouts().size();
        if (CloudPrntPrinter.PNG.equals(type)) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(body));
            if (img == null) {
                printer.error("job is not a PNG");
                return false;
            }
            printer.queue(() -> printer.paper().add(new Printout.Image(img), Math.max(1, img.getHeight() / 24)));
            printer.queue(printer::cut);
        } else {
            printer.serve(new ByteArrayInputStream(body), OutputStream.nullOutputStream());
        }
        return awaitPrinted(before);
    }

    private void report(String token, String code) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(
                request(query(server, "code", code, "token", token)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        event("report " + token + " " + code + " -> " + r.statusCode());
    }

    private URI query(URI base, String k1, String v1, String k2, String v2) {
        StringBuilder q = new StringBuilder("mac=")
                .append(enc(mac))
                .append('&')
                .append(k1)
                .append('=')
                .append(enc(v1));
        if (v2 != null) {
            q.append('&').append(k2).append('=').append(enc(v2));
        }
        return URI.create(base + "?" + q);
    }
}
