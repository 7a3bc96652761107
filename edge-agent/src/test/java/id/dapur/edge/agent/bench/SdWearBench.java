package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the agent writes to the SD card per hour (docs/PERFORMANCE.md): the packaged agent
 * with the unit's JVM flags (temporary files in a runtime dir, no hsperfdata), its log going to a pipe
 * as it goes to journald (not to the card), six fridge sensors reporting every minute, heartbeats to
 * the cloud every minute, a chit printer. An idle phase (only sensors and heartbeats: the outlet at
 * night), then a busy one (an order every {@code orderEverySeconds}, each started and bumped at two
 * stations and its chit printed). Counts procfs {@code write_bytes} of the agent and the data dir's
 * growth per phase, per hour. Checks itself: every order acknowledged is there, every action answered.
 *
 * <p>Usage: {@code SdWearBench [idleSeconds=600] [busySeconds=600] [orderEverySeconds=15]}; {@code
 * -Dbench.jvmExtra="..."} adds options to the agent's JVM after the unit's.
 */
public final class SdWearBench {
    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int busy = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        double every = args.length > 2 ? Double.parseDouble(args[2]) : 15;
        Path jar = Path.of(System.getProperty("bench.jar", "target/dapur-edge.jar"))
                .toAbsolutePath();
        Path work = Files.createTempDirectory("dapur-sdwear-");
        TestConfig config = new TestConfig(work, FreePorts.next(), FreePorts.next(), null);
        Path data = work.resolve("data");
        Path run = Files.createDirectories(work.resolve("run"));
        int failed = 0;
        try (FakeCloud cloud = FakeCloud.start();
                SimulatedNetworkPrinter printer = SimulatedNetworkPrinter.start(0)) {
            cloud.provisioningCode("code-sdwear");
            StringBuilder sensors = new StringBuilder("sensors:\n");
            for (int i = 1; i <= 6; i++) {
                sensors.append("  - { id: fridge-").append(i).append(", equipment: cold-hold, maxSilence: 5m }\n");
            }
            Path file = work.resolve("dapur.yaml");
            Files.writeString(
                    file,
                    config.yaml()
                            + """
                    printers:
                      - { id: k1, connection: "tcp://127.0.0.1:%d", model: epson-tm-t20, stations: [wok] }
                    printing: { fallbackPrinter: none }
                    """.formatted(printer.port())
                            + sensors
                            + TestConfig.cloudYaml(cloud.url(), "code-sdwear")
                                    .replace("heartbeatInterval: 1s", "heartbeatInterval: 60s")
                                    .replace("commandWait: 1s", "commandWait: 30s")
                                    .replace("requestTimeout: 2s", "requestTimeout: 40s"));
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            Matcher opts = Pattern.compile("Environment=\"JAVA_OPTS=([^\"]*)\"")
                    .matcher(Files.readString(Path.of("..", "packaging", "dapur-edge.service")));
            if (!opts.find()) {
                throw new IllegalStateException("no JAVA_OPTS in packaging/dapur-edge.service");
            }
            for (String o : opts.group(1).split(" ")) {
                cmd.add(o.replace("/run/dapur-edge", run.toString()));
            }
            for (String o : System.getProperty("bench.jvmExtra", "").split(" ")) {
                if (!o.isBlank()) {
                    cmd.add(o); // e.g. -Ddapur.storage.unsavedMb=16, to compare settings
                }
            }
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", file.toString()));
            System.out.printf(
                    "sd wear: %d s idle, then %d s busy (an order every %.0f s, started and bumped at two stations, a chit each);"
                            + " six sensors every 60 s, heartbeats every 60 s; JVM flags of the unit%n",
                    idle, busy, every);
            Process agent = new ProcessBuilder(cmd)
                    .directory(data.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            Thread drain = new Thread(() -> {
                try (InputStream in = agent.getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream()); // the log leaves the process, as to journald
                } catch (IOException e) {
                    // the agent stopped
                }
            });
            drain.setDaemon(true);
            drain.start();
            String problem = PowerCutBench.awaitHealthy(config, agent);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"REGISTERED"
                            .equals(admin.get("/api/v1/cloud")
                                    .json()
                                    .path("registration")
                                    .asText())
                    && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(200); // registration, before the phases are measured
            }
            try (MqttProbe fridges = MqttProbe.connect(config.mqttUrl(), "sensor-1", TestConfig.PASSWORD)) {
                Thread readings = new Thread(() -> {
                    try {
                        while (true) {
                            for (int i = 1; i <= 6; i++) {
                                fridges.publish(
                                        TestConfig.ROOT + "/sensors/fridge-" + i,
                                        "{\"temperature\": 3.5, \"unit\": \"C\"}");
                            }
                            TimeUnit.SECONDS.sleep(60); // TelePeriod 60: the sensors' pace, the thing measured
                        }
                    } catch (Exception stopped) {
                        // end of the run
                    }
                });
                readings.setDaemon(true);
                readings.start();
                TimeUnit.SECONDS.sleep(20); // settle: start-up writes (migrations, compaction) are not the idle hour's
                long w0 = ProcStats.writeBytes(agent.pid());
                long d0 = size(data);
                TimeUnit.SECONDS.sleep(idle); // the idle outlet: only sensors and heartbeats
                long w1 = ProcStats.writeBytes(agent.pid());
                long d1 = size(data);
                Http pos = new Http(config.http(), TestConfig.POS_TOKEN);
                Http wok = new Http(config.http(), TestConfig.WOK_TOKEN);
                Http bar = new Http(config.http(), TestConfig.BAR_TOKEN);
                List<String> orders = new ArrayList<>();
                int bad = 0;
                long t0 = System.nanoTime();
                for (int n = 0; System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(busy); n++) {
                    String id = "SD-" + n;
                    if (pos.post("/api/v1/orders", Orders.json(id)).status() != 201) {
                        bad++;
                    } else {
                        orders.add(id);
                    }
                    for (String a : List.of("START", "BUMP")) {
                        bad += wok.post(
                                                        "/api/v1/tickets/" + id + "/wok/actions",
                                                        "{\"actionId\": \"" + id + a + "w\", \"action\": \"" + a
                                                                + "\"}")
                                                .status()
                                        == 200
                                ? 0
                                : 1;
                        bad += bar.post(
                                                        "/api/v1/tickets/" + id + "/bar/actions",
                                                        "{\"actionId\": \"" + id + a + "b\", \"action\": \"" + a
                                                                + "\"}")
                                                .status()
                                        == 200
                                ? 0
                                : 1;
                    }
                    long next = t0 + (long) ((n + 1) * every * 1e9);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // the outlet's pace
                }
                long w2 = ProcStats.writeBytes(agent.pid());
                long d2 = size(data);
                for (String id : orders) {
                    bad += admin.get("/api/v1/orders/" + id).status() == 200 ? 0 : 1;
                }
                double idleH = idle / 3600.0;
                double busyH = busy / 3600.0;
                System.out.printf(
                        "idle: %,d KB written in %d s: %.2f MB per hour; data dir %+,d KB (%.2f MB per hour)%n",
                        (w1 - w0) / 1024,
                        idle,
                        (w1 - w0) / 1048576.0 / idleH,
                        (d1 - d0) / 1024,
                        (d1 - d0) / 1048576.0 / idleH);
                System.out.printf(
                        "busy: %d orders (%.0f per hour), %,d KB written in %d s: %.2f MB per hour, %,d bytes per order;"
                                + " data dir %+,d KB (%.2f MB per hour)%n",
                        orders.size(),
                        orders.size() / busyH,
                        (w2 - w1) / 1024,
                        busy,
                        (w2 - w1) / 1048576.0 / busyH,
                        orders.isEmpty() ? 0 : (w2 - w1) / orders.size(),
                        (d2 - d1) / 1024,
                        (d2 - d1) / 1048576.0 / busyH);
                System.out.printf(
                        "a day of 10 busy and 14 idle hours: %.0f MB written%n",
                        10 * (w2 - w1) / 1048576.0 / busyH + 14 * (w1 - w0) / 1048576.0 / idleH);
                if (bad > 0 || orders.isEmpty()) {
                    failed++;
                    System.out.println("FAILED: " + bad + " orders or actions not answered as expected, or no order");
                } else {
                    System.out.printf(
                            "checked: all %d orders acknowledged are there, all %d actions answered 200%n",
                            orders.size(), orders.size() * 4);
                }
            } finally {
                agent.destroy();
                agent.waitFor(60, TimeUnit.SECONDS);
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
