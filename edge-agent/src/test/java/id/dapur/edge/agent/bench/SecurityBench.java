package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * The hostile-LAN benchmark (docs/PERFORMANCE.md, scripts/bench.sh security). Runs the packaged agent
 * in a child JVM with the Dockerfile's flags and, bounded in time, measures:
 * <ol>
 * <li>idle connections: {@code --idle N} sockets opened without a word, half to HTTP and half to MQTT,
 * from 200 loopback addresses; how many the agent holds, its RSS, and whether /health still answers;</li>
 * <li>legit order latency (publish → ACCEPTED) at 10/s, alone and then during a flood of
 * {@code --flood R} invalid orders per second for {@code --seconds S} from two POS connections
 * (valid JSON, so they pass the front door and reach intake, which refuses and dead-letters them).</li>
 * </ol>
 * It checks its own results: every legit order ACCEPTED exactly once, the agent alive at the end;
 * otherwise it says FAILED and exits 1.
 */
public final class SecurityBench {
    public static void main(String[] args) throws Exception {
        int idle = intArg(args, "--idle", 10_000);
        int flood = intArg(args, "--flood", 1_000);
        int seconds = intArg(args, "--seconds", 30);
        Path dir = Files.createTempDirectory("dapur-bench-sec-");
        TestConfig config = TestConfig.embedded(dir);
        Path file = config.write();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty(
                        "bench.jvm",
                        "-Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError")
                .split(" ")));
        cmd.addAll(List.of("-jar", "target/dapur-edge.jar", "run", "--config", file.toString()));
        Path log = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ok = true;
        try {
            awaitHealth(config);
            long pid = agent.pid();
            System.out.printf("agent JVM: %s%n", String.join(" ", cmd.subList(1, cmd.size() - 5)));
            System.out.printf("RSS when ready: %d MB%n", ProcStats.rssKb(pid) / 1024);
            ok &= idleConnections(config, idle, pid);
            ok &= floodWhileOrdersFlow(config, flood, seconds, pid, log);
            ok &= agent.isAlive();
            System.out.println(agent.isAlive() ? "agent alive at the end" : "FAILED: the agent died");
        } finally {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
        System.out.println(ok ? "all checks passed" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    private static void awaitHealth(TestConfig config) throws InterruptedException {
        Http anon = new Http(config.http(), null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (anon.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(20); // benchmark polling, not test synchronisation
        }
        throw new IllegalStateException("agent not ready within 60 s");
    }

    /** Opens {@code n} silent sockets and reports what the agent keeps of them. */
    static boolean idleConnections(TestConfig config, int n, long pid) throws Exception {
        List<Socket> http = new ArrayList<>();
        List<Socket> mqtt = new ArrayList<>();
        int failed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String from = "127.0.1." + (1 + i % 200);
            Socket s = new Socket();
            try {
                s.bind(new InetSocketAddress(from, 0));
                s.connect(
                        new InetSocketAddress("127.0.0.1", i % 2 == 0 ? config.httpPort() : config.mqttPort()), 2_000);
                (i % 2 == 0 ? http : mqtt).add(s);
            } catch (IOException e) {
                failed++;
                s.close();
            }
        }
        System.out.printf(
                "idle: %d sockets opened in %.1f s (%d not even connected), from 200 addresses%n",
                n, (System.nanoTime() - start) / 1e9, failed);
        Thread.sleep(2_000); // let the agent close what is over its limits (benchmark pacing, not synchronisation)
        long healthStart = System.nanoTime();
        int health = new Http(config.http(), null).get("/health").status();
        double healthMs = (System.nanoTime() - healthStart) / 1e6;
        int httpOpen = countOpen(http);
        int mqttOpen = countOpen(mqtt);
        long rss = ProcStats.rssKb(pid) / 1024;
        System.out.printf(
                "idle, 2 s later: HTTP held %d of %d (limit 512), MQTT held %d of %d (limit 256); RSS %d MB; /health %d in %.0f ms%n",
                httpOpen, http.size(), mqttOpen, mqtt.size(), rss, health, healthMs);
        Thread.sleep(11_000); // past the 10 s login deadline
        int mqttLater = countOpen(mqtt);
        int httpLater = countOpen(http);
        System.out.printf(
                "idle, 13 s later: MQTT held %d, HTTP held %d (both must speak within the 10 s login timeout)%n",
                mqttLater, httpLater);
        for (Socket s : http) {
            s.close();
        }
        for (Socket s : mqtt) {
            s.close();
        }
        boolean ok = health == 200 && httpOpen <= 512 && mqttOpen <= 256 && mqttLater == 0 && httpLater == 0;
        if (!ok) {
            System.out.println("FAILED: idle connections were not bounded, or /health did not answer");
        }
        return ok;
    }

    private static int countOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        byte[] buf = new byte[512];
        for (Socket s : sockets) {
            if (s.isClosed()) {
                continue;
            }
            s.setSoTimeout(1);
            try {
                if (s.getInputStream().read(buf) >= 0) {
                    open++; // it said something (an HTTP 408 would be one) and is still open
                } else {
                    s.close();
                }
            } catch (SocketTimeoutException stillOpen) {
                open++;
            } catch (IOException reset) {
                s.close();
            }
        }
        return open;
    }

    /** Legit orders at 10/s: alone for 10 s, then while {@code rate} invalid orders/s arrive for {@code seconds}. */
    static boolean floodWhileOrdersFlow(TestConfig config, int rate, int seconds, long pid, Path log) throws Exception {
        MqttAsyncClient pos = PipelineBench.client(config, "pos-1");
        MqttAsyncClient listener = PipelineBench.client(config, "pos-1");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        listener.subscribe(TestConfig.ROOT + "/orders/+/events", 1, (t, m) -> {
                    String p = new String(m.getPayload(), StandardCharsets.UTF_8);
                    if (p.contains("\"event\":\"ACCEPTED\"")) {
                        String id = t.substring(TestConfig.ROOT.length() + 8, t.length() - 7);
                        Long s = sentAt.get(id);
                        if (s != null
                                && accepted.computeIfAbsent(id, x -> new AtomicInteger())
                                                .incrementAndGet()
                                        == 1) {
                            latencies.add(System.nanoTime() - s);
                        }
                    }
                })
                .waitForCompletion();

        Stats alone = legit(pos, "CALM-", 100, sentAt, accepted, latencies);
        System.out.println("legit order -> ACCEPTED at 10/s, no flood:            " + alone);

        long deadLettersBefore = metric(config, "dapur_deadletters_total");
        long warnBefore = warnLines(log);
        AtomicLong floodSent = new AtomicLong();
        AtomicLong floodFailed = new AtomicLong();
        Thread[] flooders = new Thread[2];
        for (int f = 0; f < flooders.length; f++) {
            MqttAsyncClient c = PipelineBench.client(config, "pos-1");
            int share = rate / flooders.length;
            String prefix = "BAD-" + f + "-";
            flooders[f] = new Thread(
                    () -> {
                        long interval = 1_000_000_000L / share;
                        long next = System.nanoTime();
                        for (int i = 0; i < share * seconds; i++) {
                            PipelineBench.pace(next);
                            next += interval;
                            byte[] bad = ("{\"orderId\":\"" + prefix + i + "\",\"channel\":\"POS\",\"lines\":[]}")
                                    .getBytes(StandardCharsets.UTF_8);
                            try {
                                c.publish(TestConfig.ROOT + "/orders/in", bad, 1, false);
                                floodSent.incrementAndGet();
                            } catch (Exception e) {
                                floodFailed
                                        .incrementAndGet(); // in-flight window full or disconnected: the flood slows,
                                // as it should
                            }
                        }
                        try {
                            c.disconnect().waitForCompletion(5_000);
                        } catch (Exception ignored) {
                            // the bench is done with it
                        }
                    },
                    "flood-" + f);
            flooders[f].start();
        }
        long floodStart = System.nanoTime();
        Stats during = legit(pos, "FLOOD-", 10 * seconds, sentAt, accepted, latencies);
        for (Thread t : flooders) {
            t.join();
        }
        double floodSecs = (System.nanoTime() - floodStart) / 1e9;
        System.out.printf(
                "flood: %d invalid orders published in %.1f s (%.0f/s; %d refused by the client's window)%n",
                floodSent.get(), floodSecs, floodSent.get() / floodSecs, floodFailed.get());
        System.out.println("legit order -> ACCEPTED at 10/s, during the flood:    " + during);
        long dead = metric(config, "dapur_deadletters_total") - deadLettersBefore;
        System.out.printf(
                "dead letters counted %d; WARN lines written %d; RSS %d MB; /health %d%n",
                dead,
                warnLines(log) - warnBefore,
                ProcStats.rssKb(pid) / 1024,
                new Http(config.http(), null).get("/health").status());
        int expected = 100 + 10 * seconds;
        long once = accepted.values().stream().filter(a -> a.get() == 1).count();
        long twice = accepted.values().stream().filter(a -> a.get() > 1).count();
        System.out.printf("legit orders ACCEPTED: %d of %d (%d more than once)%n", once + twice, expected, twice);
        pos.disconnect().waitForCompletion();
        listener.disconnect().waitForCompletion();
        boolean ok = once == expected && twice == 0;
        if (!ok) {
            System.out.println("FAILED: a legit order was lost or answered twice");
        }
        return ok;
    }

    private static Stats legit(
            MqttAsyncClient pos,
            String prefix,
            int n,
            Map<String, Long> sentAt,
            Map<String, AtomicInteger> accepted,
            List<Long> latencies)
            throws Exception {
        latencies.clear();
        long interval = 100_000_000L;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            PipelineBench.pace(next);
            next += interval;
            String id = prefix + i;
            sentAt.put(id, System.nanoTime());
            pos.publish(TestConfig.ROOT + "/orders/in", Orders.bytes(id), 1, false);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
                && accepted.keySet().stream().filter(k -> k.startsWith(prefix)).count() < n) {
            Thread.sleep(20); // benchmark polling, not test synchronisation
        }
        synchronized (latencies) {
            return Stats.of(latencies.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static long metric(TestConfig config, String name) {
        String body =
                new Http(config.http(), TestConfig.ADMIN_TOKEN).get("/metrics").body();
        return body.lines()
                .filter(l -> l.startsWith(name))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long warnLines(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" WARN ")).count();
        }
    }
}
