package id.dapur.edge.agent.demo;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.PinHash;
import id.dapur.edge.devices.sim.SimulatedScale;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kitchen records in the demo: a cook signs in at each station's screen (so the
 * simulated cooks' bumps record who made them), and every few minutes one of them weighs something
 * spoiled or dropped on the kitchen scale (an MT-SICS scale behind a simulated serial device server)
 * and logs it as waste, as the screen's waste panel does.
 */
public final class DemoRecords implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRecords.class);
    /** Station, cook id, name, PIN: the PINs are printed at start so a visitor can sign in on a screen. */
    static final List<String[]> COOKS = List.of(
            new String[] {"wok", "siti", "Siti", "1111"},
            new String[] {"grill", "bayu", "Bayu", "2222"},
            new String[] {"soup", "dewi", "Dewi", "3333"},
            new String[] {"bar", "rudi", "Rudi", "4444"},
            new String[] {"expo", "ana", "Ana", "5555"});

    private static final String[] REASONS = {"SPOILED", "EXPIRED", "OVERCOOKED", "DROPPED", "RETURNED"};
    private final SimulatedScale scale = SimulatedScale.tcp("mt-sics", "kg", 0);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Random rnd = new Random();
    private Vertx vertx;
    private long timer = -1;
    private int entries;

    /** The demo's scales and staff sections. */
    public String configYaml() {
        StringBuilder sb = new StringBuilder("scales:\n  - { id: scale-1, connection: \"tcp://127.0.0.1:")
                .append(scale.tcpPort())
                .append("\", protocol: mt-sics }\nstaff:\n");
        for (String[] c : COOKS) {
            sb.append("  - { id: ")
                    .append(c[1])
                    .append(", name: ")
                    .append(c[2])
                    .append(", pinHash: \"")
                    .append(PinHash.of(c[3], 20_000))
                    .append("\" }\n");
        }
        return sb.toString();
    }

    /** Signs the cooks in, then logs waste every few minutes ({@code speed} as the simulated kitchen's). */
    public void start(Vertx vertx, String base, Map<String, String> screenTokens, double speed) {
        this.vertx = vertx;
        for (String[] c : COOKS) {
            post(
                    base + "/api/v1/stations/" + c[0] + "/staff",
                    screenTokens.get(c[0]),
                    Map.of("staffId", c[1], "pin", c[3]),
                    "sign-in of " + c[1]);
        }
        timer = vertx.setPeriodic(
                Math.max(2_000, (long) (40_000 / speed)),
                Math.max(10_000, (long) (240_000 / speed)),
                t -> weighAndLog(base, screenTokens));
    }

    private void weighAndLog(String base, Map<String, String> screenTokens) {
        String[] dish = Menu.randomDish(rnd);
        String[] cook = COOKS.get(rnd.nextInt(COOKS.size() - 1)); // not expo
        double grams = 80 + rnd.nextInt(520);
        scale.weigh(grams);
        // the cook puts it on the pan, it settles, the screen asks for the stable weight
        vertx.setTimer(1_500, t -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("wasteId", "demo-w-" + System.currentTimeMillis() + "-" + (++entries));
            body.put("sku", dish[0]);
            body.put("reason", REASONS[rnd.nextInt(REASONS.length)]);
            body.put("scale", "scale-1");
            post(base + "/api/v1/waste", screenTokens.get(cook[0]), body, "waste of " + dish[1]);
            vertx.setTimer(1_500, u -> scale.weigh(0));
        });
    }

    private void post(String url, String token, Map<String, ?> body, String what) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .build();
        http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((res, e) -> {
            if (e != null || res.statusCode() >= 300) {
                LOG.info(
                        "demo {} not done [answer: {}]",
                        what,
                        e != null ? e.toString() : res.statusCode() + " " + res.body());
            } else {
                LOG.info("demo {} done", what);
            }
        });
    }

    /** For the banner: each station's cook and PIN. */
    public static String cooks() {
        StringBuilder sb = new StringBuilder();
        for (String[] c : COOKS) {
            sb.append(c[0]).append(": ").append(c[1]).append("/").append(c[3]).append("  ");
        }
        return sb.toString().trim();
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
        scale.close();
    }
}
