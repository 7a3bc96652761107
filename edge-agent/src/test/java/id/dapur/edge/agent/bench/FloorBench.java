package id.dapur.edge.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Mosquitto;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Speed to the floor (docs/PERFORMANCE.md): the order path as an outside client sees it, on both
 * brokers, in one run, with the targets beside the figures. The POS and the screen are Debian's
 * python3-paho-mqtt ({@code scripts/bench/mqtt_pos.py}); the agent is the packaged jar in a child
 * JVM with the Dockerfile's flags. Per broker: the broker alone (publish → receive), order → first
 * station ticket at 50/s (p50, p99, p99.9), a burst of 5,000 QoS 1 orders from one client with no
 * resends (every one must be ACCEPTED), the most durable orders/s one POS can push with resends
 *, RSS and bytes written per order. Then the store alone (StoreBench), and a Node-RED
 * routing flow on the same Mosquitto when {@code node-red} is installed.
 *
 * <p>{@code FloorBench [--brokers embedded,mosquitto] [--parts floor,ticket,burst,throughput] [--n 1000]
 * [--rate 50] [--burst 5000] [--throughput 20000] [--client tuned|plain]}; {@code -Dbench.jvm} overrides the
 * agent's JVM flags.
 */
public final class FloorBench {
    /** The embedded broker's per-client rate for the agent under test (null: its default). */
    static Integer clientRate;

    static final Path POS = Path.of("..", "scripts", "bench", "mqtt_pos.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        // mosquitto-defaults: Mosquitto with its own queue and in-flight limits, not the generated ones (burst only)
        List<String> brokers = List.of(opt.getOrDefault("brokers", "embedded,mosquitto,mosquitto-defaults")
                .split(","));
        Set<String> parts = Set.of(opt.getOrDefault("parts", "floor,ticket,burst,throughput,restart,store,nodered")
                .split(","));
        int n = Integer.parseInt(opt.getOrDefault("n", "1000"));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "50"));
        int burst = Integer.parseInt(opt.getOrDefault("burst", "5000"));
        int thr = Integer.parseInt(opt.getOrDefault("throughput", "20000"));
        // --clientRate N: the embedded broker's front door lets one client publish N messages/s (and a burst of N);
        // its default, 1,000/s and a burst of 5,000, caps one POS at 1,333 orders/s over 20,000 by design
        clientRate = opt.containsKey("clientRate") ? Integer.valueOf(opt.get("clientRate")) : null;
        // --client plain: the outside POS on its library's defaults, as an integrator leaves it (Nagle on)
        plain = opt.getOrDefault("client", "tuned").equals("plain");
        System.out.printf(
                "== outside client: %s%n",
                plain ? "plain (python3-paho-mqtt on its defaults)" : "tuned (TCP_NODELAY, 0.1 ms GIL switch)");
        Table table = new Table();
        for (String broker : brokers) {
            boolean defaults = broker.equals("mosquitto-defaults");
            UnaryOperator<String> limits = defaults
                    ? conf -> conf.replaceAll("(?m)^max_(queued|inflight)_messages .*$", "")
                    : UnaryOperator.identity();
            Path dir = Files.createTempDirectory("dapur-floor-");
            TestConfig config = broker.startsWith("mosquitto")
                    ? TestConfig.external(dir, FreePorts.next())
                    : TestConfig.embedded(dir);
            try (Mosquitto mosquitto = broker.startsWith("mosquitto")
                            ? Mosquitto.start(config.load(), dir.resolve("mosq"), config.mqttPort(), limits)
                            : null;
                    Agent agent = Agent.start(config, dir)) {
                System.out.printf("== %s (agent JVM: %s; ready in %.0f ms)%n", broker, agent.jvm, agent.readyMs);
                String label = broker.equals("mosquitto") ? "Mosquitto" : "embedded broker";
                table.ready.put(broker, agent.readyMs);
                if (defaults) {
                    if (parts.contains("burst")) {
                        JsonNode b = python(config, "burst", burst, 0, "--wait", "60");
                        System.out.printf(
                                "  Mosquitto with its default limits (max_queued_messages 1000, max_inflight_messages 20): burst of %d, "
                                        + "no resends: %d ACCEPTED, %d lost%n",
                                burst, b.get("accepted").asInt(), b.get("lost").asInt());
                        table.bursts.put(broker, b);
                    }
                    continue;
                }
                if (parts.contains("floor")) {
                    JsonNode f = python(config, "floor", n, rate, "--user", "ops");
                    table.latency(label + " alone, publish → receive", f);
                }
                if (parts.contains("ticket")) {
                    python(config, "ticket", 200, rate); // warm-up: the JIT compiles the path, not measured
                    JsonNode t = python(config, "ticket", n, rate);
                    table.latency("agent + " + label + ", order → first station ticket", t);
                    table.tickets.put(broker, t);
                    stages(agent.anon);
                }
                if (parts.contains("burst")) {
                    long before = agent.accepted();
                    JsonNode b = python(config, "burst", burst, 0, "--wait", "120");
                    long stored = agent.accepted() - before;
                    System.out.printf(
                            "  burst of %d QoS 1 orders, no resends: %d ACCEPTED, %d lost, %.0f orders/s (agent counts %d)%n",
                            burst,
                            b.get("accepted").asInt(),
                            b.get("lost").asInt(),
                            b.get("orders_per_s").asDouble(),
                            stored);
                    table.bursts.put(broker, b);
                }
                if (parts.contains("throughput")) {
                    long writtenBefore = ProcStats.writeBytes(agent.pid());
                    long acceptedBefore = agent.accepted();
                    double r = PipelineBench.durableThroughput(config, thr);
                    long stored = agent.accepted() - acceptedBefore;
                    if (stored != thr) {
                        throw new IllegalStateException(
                                "the agent counts " + stored + " orders ACCEPTED, but " + thr + " were sent");
                    }
                    double perOrder = (double) (ProcStats.writeBytes(agent.pid()) - writtenBefore) / thr;
                    System.out.printf(
                            "  durable orders/s, one POS with resends, %d orders: %.0f (each ACCEPTED once); %.0f bytes written per order%n",
                            thr, r, perOrder);
                    table.throughput.put(broker, r);
                    table.bytesPerOrder.put(broker, perOrder);
                }
                table.rss.put(broker, ProcStats.rssKb(agent.pid()) / 1024.0);
                if (Boolean.getBoolean("bench.nmt")) { // the agent JVM needs -XX:NativeMemoryTracking=summary
                    Process j = new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                            .toString(),
                                    Long.toString(agent.pid()),
                                    "VM.native_memory",
                                    "summary")
                            .redirectErrorStream(true)
                            .start();
                    System.out.println(new String(j.getInputStream().readAllBytes()));
                    System.out.println(Files.readString(Path.of("/proc", Long.toString(agent.pid()), "status"))
                            .lines()
                            .filter(l -> l.startsWith("Rss") || l.startsWith("VmRSS") || l.startsWith("Threads"))
                            .toList());
                }
                System.out.printf(
                        "  RSS after the run: %.0f MB (anonymous: %d MB; the rest is mapped files: the jar, the class-data archive)%n",
                        table.rss.get(broker), ProcStats.rssAnonKb(agent.pid()) / 1024);
                if (parts.contains("restart")) {
                    // an outlet powered on in the morning: a graceful stop, then a start on the database the run left
                    long onDisk = agent.accepted();
                    agent.close();
                    try (Agent again = Agent.start(config, dir)) {
                        System.out.printf(
                                "  restart on the run's database (%d orders on disk): ready in %.0f ms%n",
                                onDisk, again.readyMs);
                        table.restart.put(broker, again.readyMs);
                        table.onDisk.put(broker, onDisk);
                    }
                }
            }
        }
        if (parts.contains("nodered")) {
            NodeRedFlow.reference(n, rate)
                    .ifPresent(r ->
                            table.latency("Node-RED 4 routing flow on Mosquitto, order → ticket, nothing stored", r));
        }
        if (parts.contains("store")) {
            table.store = StoreBench.run(thr);
        }
        table.print();
    }

    /** The agent's own per-step times along the order path (p50 / p99 over the last minutes, from /metrics). */
    static void stages(Http anon) {
        Map<String, String[]> byStage = new LinkedHashMap<>();
        anon.get("/metrics")
                .body()
                .lines()
                .filter(l -> l.matches("dapur_(orders|storage|outbox)_stage_seconds\\{.*quantile=.*")
                        || l.startsWith("dapur_outbox_publish_latency_seconds{"))
                .forEach(l -> {
                    String stage = l.replaceAll(".*stage=\"([a-z_]+)\".*", "$1");
                    String name = l.startsWith("dapur_outbox_publish")
                            ? "row written → PUBACK"
                            : l.substring(6, l.indexOf("_stage")) + "." + stage;
                    String[] v = byStage.computeIfAbsent(name, k -> new String[2]);
                    double ms = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) * 1000;
                    v[l.contains("quantile=\"0.5\"") ? 0 : 1] = "%.2f".formatted(ms);
                });
        System.out.println("  the agent's steps (p50 / p99 ms): "
                + byStage.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()[0] + " / " + e.getValue()[1])
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("none"));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    /** Runs the Python client; its JSON result, or an exception with what it printed. */
    static JsonNode python(TestConfig c, String mode, int n, int rate, String... more)
            throws IOException, InterruptedException {
        return python(c.mqttPort(), mode, n, rate, more);
    }

    /** Whether the outside client runs on its defaults ({@code --client plain}) or tuned. */
    static boolean plain;

    static JsonNode python(int port, String mode, int n, int rate, String... more)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            throw new IllegalStateException(
                    "/usr/bin/python3 is missing: apt-get install -y python3 python3-paho-mqtt");
        }
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                POS.toString(),
                mode,
                Integer.toString(n),
                Integer.toString(Math.max(1, rate)),
                "--port",
                Integer.toString(port),
                "--password",
                TestConfig.PASSWORD));
        cmd.addAll(List.of(more));
        if (plain) {
            cmd.add("--plain");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            if (out.contains("No module named 'paho'")) {
                throw new IllegalStateException("python3-paho-mqtt is missing: apt-get install -y python3-paho-mqtt");
            }
            throw new IllegalStateException("mqtt_pos.py " + mode + " failed: " + out);
        }
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** The packaged agent in a child JVM. */
    static final class Agent implements AutoCloseable {
        final Process process;
        final Http anon;
        final double readyMs;
        final String jvm;

        private Agent(Process process, Http anon, double readyMs, String jvm) {
            this.process = process;
            this.anon = anon;
            this.readyMs = readyMs;
            this.jvm = jvm;
        }

        static Agent start(TestConfig config, Path dir) throws Exception {
            Path file = config.write();
            if (clientRate != null) {
                Files.writeString(
                        file,
                        Files.readString(file)
                                .replace(
                                        "host: 127.0.0.1 }",
                                        "host: 127.0.0.1, messagesPerSecond: %d, burst: %d }"
                                                .formatted(clientRate, clientRate)));
            }
            String jvm = System.getProperty(
                    "bench.jvm",
                    "-Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:TrimNativeHeapInterval=5000");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(List.of(jvm.split(" ")));
            cmd.addAll(List.of(
                    "-jar",
                    System.getProperty("bench.jar", "target/dapur-edge.jar"),
                    "run",
                    "--config",
                    file.toString()));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile())
                    .start();
            Http anon = new Http(config.http(), null);
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the agent exited: " + Files.readString(dir.resolve("agent.log")));
                }
                try {
                    if (anon.get("/health").status() == 200) {
                        break;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(5); // benchmark polling, not test synchronisation
            }
            return new Agent(p, anon, (System.nanoTime() - t0) / 1e6, jvm);
        }

        long pid() {
            return process.pid();
        }

        long accepted() {
            return (long) PipelineBench.acceptedCount(anon);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** What the run found, printed at the end with the targets beside it. */
    static final class Table {
        final Map<String, JsonNode> rows = new LinkedHashMap<>();
        final Map<String, JsonNode> tickets = new LinkedHashMap<>();
        final Map<String, JsonNode> bursts = new LinkedHashMap<>();
        final Map<String, Double> throughput = new LinkedHashMap<>();
        final Map<String, Double> bytesPerOrder = new LinkedHashMap<>();
        final Map<String, Double> rss = new LinkedHashMap<>();
        final Map<String, Double> ready = new LinkedHashMap<>();
        final Map<String, Double> restart = new LinkedHashMap<>();
        final Map<String, Long> onDisk = new LinkedHashMap<>();
        double store = Double.NaN;

        void latency(String row, JsonNode r) {
            rows.put(row, r);
            System.out.printf(
                    "  %s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (n=%d)%n",
                    row,
                    r.get("p50").asDouble(),
                    r.get("p99").asDouble(),
                    r.get("p999").asDouble(),
                    r.get("max").asDouble(),
                    r.get("n").asInt());
        }

        void print() {
            System.out.println();
            System.out.println(
                    "| path | p50 ms | p99 ms | p99.9 ms | durable orders/s (one POS) | burst of 5,000, no resends | RSS | ready |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Map.Entry<String, JsonNode> e : rows.entrySet()) {
                JsonNode r = e.getValue();
                String broker = e.getKey().startsWith("agent + Mosquitto")
                        ? "mosquitto"
                        : e.getKey().startsWith("agent + embedded") ? "embedded" : null;
                String extra = broker == null
                        ? "| | | |"
                        : "| %s | %s | %s | %s |"
                                .formatted(
                                        throughput.containsKey(broker) ? "%,.0f".formatted(throughput.get(broker)) : "",
                                        bursts.containsKey(broker)
                                                ? "%d lost"
                                                        .formatted(bursts.get(broker)
                                                                .get("lost")
                                                                .asInt())
                                                : "",
                                        rss.containsKey(broker) ? "%.0f MB".formatted(rss.get(broker)) : "",
                                        ready.containsKey(broker) ? "%.1f s".formatted(ready.get(broker) / 1000) : "");
                System.out.printf(
                        "| %s | %.2f | %.2f | %.2f %s%n",
                        e.getKey(),
                        r.get("p50").asDouble(),
                        r.get("p99").asDouble(),
                        r.get("p999").asDouble(),
                        extra);
            }
            System.out.println();
            System.out.println("targets:");
            JsonNode nodeRed = rows.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("Node-RED"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            tickets.forEach((b, t) -> {
                double p99 = t.get("p99").asDouble();
                System.out.printf(
                        "  order → first ticket p99 ≤ 3 ms (%s): %.2f ms: %s%n", b, p99, p99 <= 3 ? "met" : "NOT met");
                if (nodeRed != null) {
                    double ratio = nodeRed.get("p99").asDouble() / p99;
                    System.out.printf(
                            "  … ≥ 20× better than Node-RED at p99 (%s): %.1f×: %s%n",
                            b, ratio, ratio >= 20 ? "met" : "NOT met");
                }
            });
            throughput.forEach((b, r) -> {
                System.out.printf("  durable orders/s ≥ 2,000 (%s): %,.0f: %s%n", b, r, r >= 2000 ? "met" : "NOT met");
                if (!Double.isNaN(store)) {
                    System.out.printf(
                            "  … ≥ half the store alone (%,.0f) (%s): %.0f %%: %s%n",
                            store, b, 100 * r / store, r >= store / 2 ? "met" : "NOT met");
                }
            });
            bursts.forEach((b, r) -> System.out.printf(
                    "  burst without resends loses nothing (%s): %d of %d ACCEPTED: %s%n",
                    b,
                    r.get("accepted").asInt(),
                    r.get("sent").asInt(),
                    r.get("lost").asInt() == 0
                            ? "met"
                            : b.equals("mosquitto-defaults")
                                    ? "lost, as expected: an outlet's Mosquitto needs the generated limits"
                                    : "NOT met"));
            bytesPerOrder.forEach((b, r) -> System.out.printf(
                    "  ≤ 4 KB written per order (%s): %.0f bytes: %s%n", b, r, r <= 4096 ? "met" : "NOT met"));
            ready.forEach((b, r) ->
                    System.out.printf("  ready ≤ 2 s (%s): %.2f s: %s%n", b, r / 1000, r <= 2000 ? "met" : "NOT met"));
            restart.forEach((b, r) -> System.out.printf(
                    "  ready ≤ 2 s with %d orders on disk (%s): %.2f s: %s%n",
                    onDisk.get(b), b, r / 1000, r <= 2000 ? "met" : "NOT met"));
            rss.forEach((b, r) -> System.out.printf(
                    "  RSS ≤ 160 MB after the run (%s): %.0f MB: %s%n", b, r, r <= 160 ? "met" : "NOT met"));
        }
    }
}
