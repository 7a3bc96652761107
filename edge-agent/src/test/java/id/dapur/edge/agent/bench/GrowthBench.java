package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How the database file grows (docs/durability.md): the packaged agent runs a kitchen
 * ({@link PowerCutKitchen}: POS over HTTP and MQTT, chits, a fridge, the cloud) at a steady pace for
 * a while, then idles, then is stopped (SIGTERM) and started again, which compacts the file if it
 * has grown past the threshold. Prints the file size as it goes, bytes per order and MB per hour.
 *
 * <p>Usage: {@code GrowthBench [busySeconds] [idleSeconds] [httpOrdersPerSecond] [mqttOrdersPerSecond] [readingEveryMs]};
 * the agent's JVM flags come from {@code -Dbench.jvm} (e.g. add {@code -Ddapur.storage.compactAboveBytes=N}),
 * its jar from {@code -Dbench.jar}. Checks itself: every order acknowledged is there after the restart.
 */
public final class GrowthBench {
    public static void main(String[] args) throws Exception {
        int busy = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int http = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int mqtt = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int readingMillis = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        PowerCutBench.JAR = Path.of(System.getProperty("bench.jar", "target/dapur-edge.jar"));
        Path work = Files.createTempDirectory("dapur-growth-");
        TestConfig config = new TestConfig(work, FreePorts.next(), FreePorts.next(), null);
        Path db = work.resolve("data").resolve("dapur.mv.db");
        int failed = 0;
        try (PowerCutKitchen kitchen = new PowerCutKitchen(http, mqtt, readingMillis)) {
            Path file = work.resolve("dapur.yaml");
            Files.writeString(file, config.yaml() + kitchen.yaml());
            System.out.printf(
                    "growth: %d s busy (%d orders/s over HTTP, %d over MQTT, a reading every %d ms), %d s idle; jar %s%n",
                    busy, http, mqtt, readingMillis, idle, PowerCutBench.JAR);
            Process agent = PowerCutBench.start(file, work.resolve("agent-1.log"));
            String problem = PowerCutBench.awaitHealthy(config, agent);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            long atStart = Files.size(db);
            long writtenAtStart = ProcStats.writeBytes(agent.pid());
            PowerCutKitchen.Load load = kitchen.new Load(config, false);
            long t0 = System.nanoTime();
            long grown = 0; // bytes appended, not counting what compactions took back
            long previous = atStart;
            for (int s = 1; s <= busy; s++) {
                TimeUnit.NANOSECONDS.sleep(
                        t0 + TimeUnit.SECONDS.toNanos(s) - System.nanoTime()); // the load runs: the thing measured
                long now = Files.size(db);
                grown += Math.max(0, now - previous);
                previous = now;
                if (s % 10 == 0) {
                    System.out.printf("  busy %4d s: file %,d KB%n", s, now / 1024);
                }
            }
            load.stop();
            load.kill();
            long afterBusy = Files.size(db);
            long writtenAfterBusy = ProcStats.writeBytes(agent.pid());
            int orders = load.ackedThisCycle.size();
            load.close();
            long t1 = System.nanoTime();
            for (int s = 10; s <= idle; s += 10) {
                TimeUnit.NANOSECONDS.sleep(
                        t1 + TimeUnit.SECONDS.toNanos(s) - System.nanoTime()); // idle: the agent alone
            }
            long afterIdle = Files.size(db);
            long writtenAfterIdle = ProcStats.writeBytes(agent.pid());
            agent.destroy(); // SIGTERM: a clean stop
            agent.waitFor(30, TimeUnit.SECONDS);
            long afterStop = Files.size(db);
            Process again = PowerCutBench.start(file, work.resolve("agent-2.log"));
            try {
                problem = PowerCutBench.awaitHealthy(config, again);
                if (problem == null) {
                    problem = PowerCutBench.checkAll(config, kitchen.acked);
                }
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
            }
            long afterRestart = Files.size(db);
            String compacted = Files.readAllLines(work.resolve("agent-2.log")).stream()
                    .filter(l -> l.contains("compacted"))
                    .findFirst()
                    .orElse("(not compacted at the restart)");
            double busyHours = busy / 3600.0;
            long compactions = Files.readAllLines(work.resolve("agent-1.log")).stream()
                    .filter(l -> l.contains("compacted while running"))
                    .count();
            System.out.printf(
                    "busy: %d orders, file %,d -> %,d KB, %,d KB appended (%d compactions while running): %,d bytes per order,"
                            + " %.1f MB per hour at this pace%n",
                    orders,
                    atStart / 1024,
                    afterBusy / 1024,
                    grown / 1024,
                    compactions,
                    orders == 0 ? 0 : grown / orders,
                    grown / 1048576.0 / busyHours);
            System.out.printf(
                    "idle: %,d KB in %d s: %.1f MB per hour%n",
                    (afterIdle - afterBusy) / 1024, idle, (afterIdle - afterBusy) / 1048576.0 / (idle / 3600.0));
            // procfs write_bytes: what the agent sent to the block layer (its database, intents, and here its log file
            // too)
            System.out.printf(
                    "written by the agent (procfs write_bytes): busy %,d bytes per order; idle %,d KB in %d s: %.2f MB per hour%n",
                    orders == 0 ? 0 : (writtenAfterBusy - writtenAtStart) / orders,
                    (writtenAfterIdle - writtenAfterBusy) / 1024,
                    idle,
                    (writtenAfterIdle - writtenAfterBusy) / 1048576.0 / (idle / 3600.0));
            System.out.printf(
                    "clean stop: %,d KB; after the restart: %,d KB; %s%n",
                    afterStop / 1024, afterRestart / 1024, compacted);
            if (problem != null) {
                failed++;
                System.out.println("FAILED: " + problem);
            } else {
                System.out.printf("all %d orders acknowledged are there after the restart%n", kitchen.acked.size());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
