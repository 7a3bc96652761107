package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.cloud.fleet.FleetReport;
import id.dapur.edge.cloud.fleet.FleetSim;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet-sim URL}: N simulated outlets built from the agent's own bridge against a back office
 * (docs/back-office.md). Exit 0 when every event arrived exactly once, 1 when not, 2 when it cannot run.
 */
@Command(
        name = "fleet-sim",
        description = {
            "Run N simulated outlets (the agent's own outbox sender, heartbeats, configuration sync and long-polls, with an",
            "outlet's day of orders) against a back office, optionally through an outage; report its load, latency and errors,",
            "each outlet's backlog, and whether every event arrived exactly once (exit 0 yes, 1 no, 2 it could not run)."
        })
final class FleetSimCommand implements Callable<Integer> {
    @Parameters(paramLabel = "URL", description = "the back office's cloud.url")
    String url;

    @Option(
            names = "--codes",
            required = true,
            description = "file of 'outletId,provisioningCode' lines, one per simulated outlet")
    Path codes;

    @Option(
            names = "--outlets",
            defaultValue = "0",
            description = "how many outlets (default: one per line of --codes)")
    int outlets;

    @Option(
            names = "--duration",
            defaultValue = "5m",
            description = "how long the outlets make events (default ${DEFAULT-VALUE})")
    String duration;

    @Option(
            names = "--outage-at",
            defaultValue = "2m",
            description = "when the back office becomes unreachable (default ${DEFAULT-VALUE})")
    String outageAt;

    @Option(
            names = "--outage-for",
            defaultValue = "0s",
            description = "for how long (default ${DEFAULT-VALUE}: no outage)")
    String outageFor;

    @Option(
            names = "--speed",
            defaultValue = "10",
            description = "outlet minutes per real minute (default ${DEFAULT-VALUE})")
    double speed;

    @Option(
            names = "--orders-per-day",
            defaultValue = "300",
            description = "orders per outlet per day (default ${DEFAULT-VALUE})")
    int ordersPerDay;

    @Option(
            names = "--day-start",
            defaultValue = "11:00",
            description = "outlet time at the start (default ${DEFAULT-VALUE})")
    String dayStart;

    @Option(
            names = "--ramp",
            defaultValue = "20s",
            description = "the outlets start spread over this (default ${DEFAULT-VALUE})")
    String ramp;

    @Option(
            names = "--drain",
            defaultValue = "5m",
            description = "after the run, how long to wait for every backlog to empty (default ${DEFAULT-VALUE})")
    String drain;

    @Option(names = "--ca", description = "PEM file of the CA to trust instead of the JVM's")
    Path ca;

    @Option(
            names = "--work",
            description = "where the outlets keep their credentials (default: a new temporary folder)")
    Path work;

    @Option(names = "--report", description = "also write the report as JSON to this file")
    Path report;

    @Option(names = "--verbose", description = "the simulated outlets' own log too (only warnings otherwise)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        FleetSim.Settings s;
        try {
            URI u = CloudConfig.parseUrl(url);
            if (!Files.isReadable(codes)) {
                throw new IllegalArgumentException("--codes " + codes + " cannot be read");
            }
            List<String[]> list;
            try {
                list = FleetSim.readCodes(codes, outlets > 0 ? outlets : Integer.MAX_VALUE);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException(codes + " holds no 'outletId,provisioningCode' line");
            }
            if (outlets > list.size()) {
                throw new IllegalArgumentException(
                        "--outlets " + outlets + " but " + codes + " has codes for " + list.size());
            }
            if (speed <= 0 || speed > 1440) {
                throw new IllegalArgumentException("--speed must be above 0 and at most 1440");
            }
            if (ordersPerDay < 0 || ordersPerDay > 100_000) {
                throw new IllegalArgumentException("--orders-per-day must be 0-100000");
            }
            if (ca != null && !Files.isReadable(ca)) {
                throw new IllegalArgumentException("--ca " + ca + " cannot be read");
            }
            LocalTime start;
            try {
                start = LocalTime.parse(dayStart);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--day-start must be a time of day like 11:00, got '" + dayStart + "'");
            }
            Duration d = Durations.parse(duration);
            Duration at = Durations.parse(outageAt);
            Duration length = Durations.parse(outageFor);
            if (!length.isZero() && at.plus(length).compareTo(d) > 0) {
                throw new IllegalArgumentException("the outage (--outage-at " + outageAt + " --outage-for " + outageFor
                        + ") must end within --duration " + duration);
            }
            Path dir = work != null ? work : Files.createTempDirectory("dapur-fleet-sim-");
            s = new FleetSim.Settings(
                    u,
                    list,
                    ca,
                    d,
                    at,
                    length,
                    speed,
                    ordersPerDay,
                    start,
                    Durations.parse(ramp),
                    Durations.parse(drain),
                    dir,
                    42);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            System.err.println(
                    "dapur-edge fleet-sim: " + (m.startsWith("must") || m.startsWith("is not") ? url + " " + m : m));
            return 2;
        }
        if (!verbose) {
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory())
                    .getLogger("ROOT")
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8));
        try {
            FleetReport r = new FleetSim(vertx, s, System.out::println, () -> fakeLedger(s.url())).run();
            System.out.println();
            System.out.print(r.text());
            if (r.registered() == 0) {
                System.err.println("dapur-edge fleet-sim: no outlet could register ("
                        + (r.refusals().isEmpty()
                                ? "the back office did not answer"
                                : r.refusals().get(0)) + ")");
                return 2;
            }
            if (report != null) {
                Files.writeString(report, r.json(), StandardCharsets.UTF_8);
            }
            return r.exitCode();
        } finally {
            FleetSim.close(vertx);
        }
    }

    /**
     * The reference back office's own tally ({@code dapur-edge fake-cloud} serves it at {@code /fake/status}):
     * events applied, repeats answered DUPLICATE, events applied behind a later one of their stream. Empty
     * for any other back office.
     */
    static Map<String, Long> fakeLedger(URI url) {
        String base = url.toString().replaceAll("/+$", "");
        base = base.endsWith("/api") ? base.substring(0, base.length() - 4) : base;
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/fake/status"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Map.of();
            }
            JsonNode n = new ObjectMapper().readTree(r.body());
            if (!n.has("events") || !n.has("outOfOrder")) {
                return Map.of();
            }
            return Map.of(
                    "applied",
                    n.path("events").asLong(),
                    "duplicates",
                    n.path("duplicates").asLong(),
                    "outOfOrder",
                    n.path("outOfOrder").asLong());
        } catch (IOException | RuntimeException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
