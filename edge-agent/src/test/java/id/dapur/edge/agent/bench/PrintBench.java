package id.dapur.edge.agent.bench;

import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Print spooler benchmark (docs/PERFORMANCE.md), agent in this JVM, simulated Epson printer on
 * loopback with an instant mechanism:
 * <ol>
 * <li>latency: orders over MQTT at {@code --rate}/s (default 20), each makes one wok chit; reports the
 *     spooler's own commit → first byte written ({@code dapur.print.commit.to.send}) and POS publish →
 *     first byte at the printer;</li>
 * <li>throughput: {@code --jobs} chits (default 2000) queued while the printer's cover is open, then
 *     the cover is closed and the queue drains: jobs/s through status check, SENDING fsync, render,
 *     send and {@code GS ( H} confirmation.</li>
 * </ol>
 */
public final class PrintBench {
    public static void main(String[] args) throws Exception {
        int rate = intArg(args, "--rate", 20);
        int paced = intArg(args, "--paced", 400);
        int jobs = intArg(args, "--jobs", 2000);
        Path dir = Files.createTempDirectory("dapur-print-bench");
        TestConfig cfg = TestConfig.embedded(dir);
        try (SimulatedNetworkPrinter sim = SimulatedNetworkPrinter.start(0)) {
            ConcurrentLinkedQueue<Long> firstBytes = new ConcurrentLinkedQueue<>();
            sim.printer().onFirstByteOfJob(firstBytes::add);
            try (RunningAgent agent = RunningAgent.start(cfg.load("""
                    printers:
                      - { id: k1, connection: "tcp://127.0.0.1:%d", model: epson-tm-t20, stations: [wok] }
                    printing: { fallbackPrinter: none }
                    """.formatted(sim.port())))
                            .awaitReady();
                    MqttProbe pos = MqttProbe.connect(cfg.mqttUrl(), "pos-1", TestConfig.PASSWORD)) {
                Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
                // warm-up
                for (int i = 0; i < 50; i++) {
                    pos.publish(ROOT + "/orders/in", Orders.json("W-" + i));
                    awaitPrinted(sim, i + 1); // one at a time: the percentiles below are not the warm-up's queue
                }
                firstBytes.clear();

                long[] e2e = new long[paced];
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                long next = System.nanoTime();
                for (int i = 0; i < paced; i++) {
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                    long sent = System.nanoTime();
                    pos.publish(ROOT + "/orders/in", Orders.json("L-" + i));
                    Long first;
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while ((first = firstBytes.poll()) == null) {
                        if (System.nanoTime() > giveUp) {
                            throw new IllegalStateException("chit of L-" + i + " never reached the printer; printers: "
                                    + admin.get("/api/v1/printers").body());
                        }
                        LockSupport.parkNanos(100_000);
                    }
                    e2e[i] = first - sent;
                    next += interval;
                }
                awaitPrinted(sim, 50 + paced);
                String metrics = admin.get("/metrics").body();
                System.out.printf("latency at %d orders/s, %d chits%n", rate, paced);
                System.out.printf(
                        "  spooler commit -> first byte written: p50 %s ms, p99 %s ms (dapur_print_commit_to_send_seconds)%n",
                        quantile(metrics, "0.5"), quantile(metrics, "0.99"));
                System.out.println("  POS publish -> first byte at printer: " + Stats.of(e2e));
                metrics.lines()
                        .filter(l -> l.startsWith("dapur_print_stage_seconds{") && l.contains("quantile"))
                        .forEach(l -> System.out.println("  " + l));

                sim.printer().openCover();
                awaitState(admin, "COVER_OPEN");
                for (int i = 0; i < jobs; i++) {
                    pos.publish(ROOT + "/orders/in", Orders.json("T-" + i));
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/queued")
                                .asInt()
                        < jobs) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("jobs were not queued");
                    }
                    LockSupport.parkNanos(50_000_000);
                }
                long bytesBefore = sim.printer().bytesReceived();
                long t0 = System.nanoTime();
                sim.printer().closeCover();
                awaitPrinted(sim, 50 + paced + jobs);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "throughput: %d queued chits drained in %.2f s = %.0f jobs/s (%.0f KiB/s to the printer)%n",
                        jobs, secs, jobs / secs, (sim.printer().bytesReceived() - bytesBefore) / 1024.0 / secs);
                // the bench checks its own result: the queue is empty and every chit printed exactly once
                long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (admin.get("/api/v1/printers")
                                .json()
                                .at("/printers/0/queued")
                                .asInt()
                        > 0) {
                    if (System.nanoTime() > deadline2) {
                        throw new IllegalStateException("the queue did not empty");
                    }
                    LockSupport.parkNanos(50_000_000);
                }
                int expected = 50 + paced + jobs;
                if (sim.printer().printouts().size() != expected) {
                    throw new IllegalStateException(sim.printer().printouts().size() + " printouts for " + expected
                            + " chits: some printed twice");
                }
                System.out.printf("checked: %d chits, %d printouts, none twice%n", expected, expected);
            }
        }
    }

    private static void awaitPrinted(SimulatedNetworkPrinter sim, int n) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (sim.printer().printouts().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + sim.printer().printouts().size() + " of " + n + " printed");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void awaitState(Http admin, String state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.get("/api/v1/printers")
                .json()
                .at("/printers/0/state")
                .asText()
                .equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("printer never " + state);
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    private static String quantile(String metrics, String q) {
        return metrics.lines()
                .filter(l ->
                        l.startsWith("dapur_print_commit_to_send_seconds{") && l.contains("quantile=\"" + q + "\""))
                .map(l -> String.format("%.2f", Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) * 1000))
                .findFirst()
                .orElse("?");
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
