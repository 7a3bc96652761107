package id.dapur.edge.cloud.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.contract.CloudCalls;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code dapur-edge fleet-sim}: N simulated outlets in one JVM, each built from the agent's own bridge
 * ({@link SimOutlet}), with an outlet's day of orders (a lunch and a dinner peak), against a back
 * office. Optionally the whole fleet loses the back office for a while (an outage) and comes back;
 * the report says what the back office saw (requests per second, steady and at the reconnect, its
 * latency and errors), what each outlet held meanwhile, and whether every event still arrived exactly
 * once. Blocking: run it off any event loop.
 */
public final class FleetSim {
    /**
     * @param outlets    outlet id and provisioning code of each simulated outlet
     * @param speed      outlet minutes per real minute (the day's clock runs this much faster; the network's does not)
     * @param dayStart   the outlet time the run starts at
     * @param ramp       the outlets start spread over this (a fleet does not power on in one instant)
     * @param drainLimit after the run, how long to wait for every backlog to empty
     */
    public record Settings(
            URI url,
            List<String[]> outlets,
            Path caFile,
            Duration duration,
            Duration outageAt,
            Duration outageFor,
            double speed,
            int ordersPerDay,
            LocalTime dayStart,
            Duration ramp,
            Duration drainLimit,
            Path workDir,
            long seed) {}

    /** Orders per hour of an outlet's day (relative): breakfast, a lunch peak, a quiet afternoon, a dinner peak. */
    static final double[] DAY = {0, 0, 0, 0, 0, 0, 0.5, 1, 1.5, 2, 4, 8, 10, 8, 3, 2, 4, 8, 10, 9, 6, 3, 1, 0.5};

    private final Vertx vertx;
    private final Settings s;
    private final Consumer<String> say;
    private final Supplier<Map<String, Long>> cloudSide;

    /** {@code cloudSide}: the back office's own tally when the caller has it (FakeCloud in the same JVM), else empty. */
    public FleetSim(Vertx vertx, Settings settings, Consumer<String> say, Supplier<Map<String, Long>> cloudSide) {
        this.vertx = vertx;
        this.s = settings;
        this.say = say;
        this.cloudSide = cloudSide;
    }

    /** Reads {@code outletId,code} lines (# comments and blank lines skipped); at most {@code n} of them. */
    public static List<String[]> readCodes(Path file, int n) throws IOException {
        List<String[]> out = new ArrayList<>();
        int line = 0;
        for (String l : Files.readAllLines(file)) {
            line++;
            String t = l.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] p = t.split("\\s*,\\s*");
            if (p.length != 2 || !p[0].matches("[a-z0-9-]{1,32}") || p[1].length() < 8) {
                throw new IOException(file + " line " + line
                        + ": expected 'outletId,provisioningCode' (an outlet id of a-z, 0-9 and '-',"
                        + " a code of at least 8 characters), got '" + t + "'");
            }
            out.add(p);
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    public FleetReport run() throws InterruptedException, IOException {
        CloudConfig cloud = CloudConfig.defaults(s.url(), s.caFile());
        Clock clock = Clock.systemUTC();
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        CloudCalls.sampleEvents().forEach(e -> samples.put(e.path("type").asText(), e.path("payload")));
        long total = s.duration().toSeconds() + s.drainLimit().toSeconds() + 60;
        long start = System.currentTimeMillis();
        FleetStats stats = new FleetStats(start, (int) total + 60);
        Link.Switch power = new Link.Switch();
        Files.createDirectories(s.workDir());
        SimLocalConfig.check("check", s.workDir()).ifPresent(p -> {
            throw new IllegalStateException("the simulated outlets' local configuration is not valid: " + p);
        });
        List<SimOutlet> fleet = new ArrayList<>();
        Random random = new Random(s.seed());
        for (String[] o : s.outlets()) {
            Path dir = Files.createDirectories(s.workDir().resolve(o[0]));
            fleet.add(new SimOutlet(vertx, cloud, o[0], o[1], dir, power, samples, random.nextLong(), clock, stats));
        }
        say.accept(String.format(
                Locale.ROOT,
                "%d outlets starting over %d s against %s",
                fleet.size(),
                s.ramp().toSeconds(),
                s.url()));
        long rampMs = Math.max(1, s.ramp().toMillis());
        for (int i = 0; i < fleet.size(); i++) {
            SimOutlet o = fleet.get(i);
            vertx.setTimer(1 + rampMs * i / fleet.size(), t -> o.start());
        }
        double startMinute = s.dayStart().toSecondOfDay() / 60.0;
        long[] lastTick = {start};
        long outageAt = s.outageFor().isZero() ? -1 : start + s.outageAt().toMillis();
        long outageEnd = outageAt < 0 ? -1 : outageAt + s.outageFor().toMillis();
        long end = start + s.duration().toMillis();
        CountDownLatch generated = new CountDownLatch(1);
        // the fleet's backlog before the outage (a running mean over its last minute) and when it was back to it after
        double[] baseline = {0, 0};
        long[] recovered = {-1};
        long ticker = vertx.setPeriodic(250, t -> {
            long now = System.currentTimeMillis();
            if (outageAt > 0 && (now < outageAt && now > outageAt - 60_000 || now >= outageEnd && recovered[0] < 0)) {
                long waiting = fleet.stream().mapToLong(SimOutlet::backlog).sum();
                if (now < outageAt) {
                    baseline[0] += waiting;
                    baseline[1]++;
                } else {
                    double mean = baseline[1] == 0 ? 0 : baseline[0] / baseline[1];
                    if (waiting <= Math.max(mean * 1.5, mean + fleet.size())) {
                        recovered[0] = now;
                        say.accept(String.format(
                                Locale.ROOT,
                                "the fleet's backlog is back to its level before the outage (%,d events) %d s after it ended",
                                waiting,
                                (now - outageEnd) / 1000));
                    }
                }
            }
            if (outageAt > 0 && now >= outageAt && now < outageEnd && !power.isDown()) {
                power.down();
                say.accept("outage: the back office is unreachable for "
                        + s.outageFor().toSeconds() + " s");
            } else if (outageEnd > 0 && now >= outageEnd && power.isDown()) {
                power.up();
                say.accept("the back office is reachable again");
            }
            if (now >= end) {
                generated.countDown();
                return;
            }
            double minute = startMinute + (now - start) / 60_000.0 * s.speed();
            double deltaMinutes = (now - lastTick[0]) / 60_000.0 * s.speed();
            lastTick[0] = now;
            double perMinute = s.ordersPerDay()
                    * DAY[(int) (minute / 60) % 24]
                    / Arrays.stream(DAY).sum()
                    / 60;
            for (SimOutlet o : fleet) {
                if (o.registered()) {
                    o.advance(minute % 1440, poisson(random, perMinute * deltaMinutes));
                }
            }
        });
        long reporter = vertx.setPeriodic(10_000, t -> say.accept(progress(fleet, stats, start)));
        generated.await();
        vertx.cancelTimer(ticker);
        long ended = System.currentTimeMillis();
        say.accept("the outlets' day is over; waiting for every backlog to empty (at most "
                + s.drainLimit().toSeconds() + " s)");
        long drainDeadline = ended + s.drainLimit().toMillis();
        long drainedAt = -1;
        while (System.currentTimeMillis() < drainDeadline) {
            long waiting = fleet.stream().mapToLong(SimOutlet::backlog).sum();
            if (waiting == 0) {
                drainedAt = System.currentTimeMillis();
                break;
            }
            Thread.sleep(200); // polling the fleet's backlog from the command's own thread, not an event loop
        }
        vertx.cancelTimer(reporter);
        stats.close(); // what the outlets' own shutdown cuts off is not the back office's doing
        fleet.forEach(SimOutlet::stop);
        return report(fleet, stats, start, ended, outageAt, outageEnd, recovered[0] > 0 ? recovered[0] : drainedAt);
    }

    private String progress(List<SimOutlet> fleet, FleetStats stats, long start) {
        int sec = (int) ((System.currentTimeMillis() - start) / 1000);
        long registered = fleet.stream().filter(SimOutlet::registered).count();
        long backlog = fleet.stream().mapToLong(SimOutlet::backlog).sum();
        long made = fleet.stream().mapToLong(SimOutlet::generated).sum();
        return String.format(
                Locale.ROOT,
                "%4d s: %d registered, %,d events made, %,d waiting, %.0f requests/s over the last 10 s",
                sec,
                registered,
                made,
                backlog,
                stats.rate(sec - 10, sec));
    }

    private FleetReport report(
            List<SimOutlet> fleet,
            FleetStats stats,
            long start,
            long ended,
            long outageAt,
            long outageEnd,
            long drainedAt) {
        long generated = 0;
        long answered = 0;
        long accepted = 0;
        long twice = 0;
        long dup = 0;
        long rejected = 0;
        long waiting = 0;
        List<String> refusals = new ArrayList<>();
        long[] peaks = new long[fleet.size()];
        Map<String, Long> versions = new TreeMap<>();
        int registered = 0;
        for (int i = 0; i < fleet.size(); i++) {
            SimOutlet o = fleet.get(i);
            long[] t = o.tallies();
            generated += o.generated();
            answered += t[0];
            accepted += t[1];
            twice += t[2];
            dup += t[3];
            rejected += t[4];
            waiting += o.backlog();
            peaks[i] = o.peakBacklog();
            if (o.registered()) {
                registered++;
            } else if (o.refusal() != null) {
                refusals.add(o.outletId + ": " + o.refusal());
            }
            versions.merge(String.valueOf(o.configVersion()), 1L, Long::sum);
        }
        Arrays.sort(peaks);
        boolean exactlyOnce = answered == generated && twice == 0 && rejected == 0 && waiting == 0;
        Map<String, Long> cloud = cloudSide.get();
        if (cloud.containsKey("applied") && cloud.get("applied") != generated) {
            exactlyOnce = false;
        }
        if (cloud.getOrDefault("outOfOrder", 0L) != 0) {
            exactlyOnce = false;
        }
        int until = (int) ((ended - start) / 1000);
        int outStart = outageAt < 0 ? -1 : (int) ((outageAt - start) / 1000);
        int outEnd = outageEnd < 0 ? -1 : (int) ((outageEnd - start) / 1000);
        // steady: the minute before the outage, past the ramp (or, without an outage, the whole run past it)
        int rampEnd = (int) s.ramp().toSeconds() + 10;
        int from = outStart > 0 ? Math.max(Math.min(rampEnd, outStart - 10), outStart - 60) : rampEnd;
        int to = outStart > 0 ? outStart : until;
        double steady = stats.rate(from, to);
        double steadyEvents = 0;
        for (int sec = from; sec < to; sec++) {
            steadyEvents += stats.eventsAt(sec);
        }
        steadyEvents = to > from ? steadyEvents / (to - from) : 0;
        long[] peak = outEnd > 0 ? stats.peak(outEnd, outEnd + 180) : stats.peak(rampEnd, until);
        long drain = outEnd < 0 || drainedAt < 0 ? -1 : Math.max(0, (drainedAt - outageEnd) / 1000);
        double minutes = (ended - start) / 60_000.0 * s.speed();
        String outletTime = s.dayStart() + " to "
                + s.dayStart().plusSeconds((long) (minutes * 60)).withNano(0);
        return new FleetReport(
                s.url().toString(),
                fleet.size(),
                registered,
                refusals,
                (ended - start) / 1000,
                s.speed(),
                outletTime,
                generated,
                answered,
                accepted,
                twice,
                dup,
                rejected,
                waiting,
                exactlyOnce,
                cloud,
                Math.round(steady * 10) / 10.0,
                peak[1],
                outEnd > 0 ? peak[0] - outEnd : peak[0],
                steady > 0 ? Math.round(peak[1] / steady * 10) / 10.0 : 0,
                Math.round(steadyEvents * 10) / 10.0,
                drain,
                s.outageFor().toSeconds(),
                peaks.length == 0 ? 0 : peaks[peaks.length / 2],
                peaks.length == 0 ? 0 : peaks[peaks.length - 1],
                stats.latency(),
                stats.errors(),
                versions,
                stats.timeline(10, (int) ((System.currentTimeMillis() - start) / 1000) + 1));
    }

    /** A Poisson draw (Knuth's method; the means here are small). */
    static int poisson(Random r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l && k < 1000);
        return k - 1;
    }

    /** Stops the Vert.x the caller gave, for the command line. */
    public static void close(Vertx vertx) {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // leaving anyway
        }
    }
}
