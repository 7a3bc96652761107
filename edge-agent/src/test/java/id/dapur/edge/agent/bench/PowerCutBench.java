package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Power cuts (docs/durability.md): the packaged agent keeps its storage on powercutfs
 * (scripts/powercut/powercutfs.py, a FUSE filesystem that holds every unsynced write in memory and
 * throws it away at a cut) while a kitchen runs ({@link PowerCutKitchen}: POS terminals over HTTP and
 * MQTT, chits to a simulated printer, a fridge going over its limit every other cycle, the cloud
 * outbox draining to the fake cloud). At a random moment the agent is killed with SIGKILL and the
 * power is cut: {@code clean} (everything unsynced lost), {@code torn} (the newest unsynced write of
 * each file lands torn) or {@code reorder} (a random half of the unsynced writes land, later ones
 * without earlier ones, the last maybe torn). Then the agent starts again on what is left, and each
 * cycle checks: the database opens and is not quarantined; every order acknowledged before the cut
 * is there with its tickets; every alert published before it has its excursion in the HACCP record.
 * After the last cut, drained: every acknowledged order's chit printed, none twice without REPRINT,
 * none for an order the agent lost; the cloud applied every order exactly once, none the agent lost,
 * nothing out of order. Ends with the line {@code N passed, M failed}; exits 1 if any failed.
 *
 * <p>Usage: {@code PowerCutBench CYCLES [--modes clean,torn,reorder] [--seed S] [--load-ms MIN-MAX] [--rate ORDERS_PER_S]}.
 * Needs /dev/fuse, Debian's fuse3 and python3-pyfuse3 (scripts/bench.sh powercut installs them).
 */
public final class PowerCutBench {
    /** How the cycles went. */
    public record Result(int passed, int failed) {}

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> modes = List.of("clean", "torn", "reorder");
        long seed = System.nanoTime();
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--modes")) {
                modes = List.of(args[i + 1].split(","));
            } else if (args[i].equals("--seed")) {
                seed = Long.parseLong(args[i + 1]);
            } else if (args[i].equals("--rate")) {
                ordersPerSecond = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--load-ms")) {
                String[] range = args[i + 1].split("-");
                loadMin = Integer.parseInt(range[0]);
                loadMax = Integer.parseInt(range[range.length - 1]);
            }
        }
        Result r = run(cycles, modes, seed, Path.of(System.getProperty("bench.jar", "target/dapur-edge.jar")));
        System.exit(r.failed() == 0 ? 0 : 1);
    }

    /** Runs the cycles against {@code jar}; prints each and ends with "N passed, M failed". */
    public static Result run(int cycles, List<String> modes, long seed, Path jar) throws Exception {
        JAR = jar;
        Random rnd = new Random(seed);
        Path work = Files.createTempDirectory("dapur-powercut-");
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Path fsScript = Path.of("..", "scripts", "powercut", "powercutfs.py")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(Path.of("/dev/fuse"))
                || !Files.isExecutable(Path.of("/usr/bin/fusermount3"))
                || new ProcessBuilder("/usr/bin/python3", "-c", "import pyfuse3, trio")
                                .start()
                                .waitFor()
                        != 0) {
            throw new IllegalStateException("power cuts need /dev/fuse and Debian's fuse3 and python3-pyfuse3: "
                    + "apt-get install -y fuse3 python3-pyfuse3");
        }
        Process fs = new ProcessBuilder("/usr/bin/python3", fsScript.toString(), mnt.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("powercutfs.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(mnt.resolve(".powercut"))) {
            if (!fs.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "powercutfs did not mount: " + Files.readString(work.resolve("powercutfs.log")));
            }
            Thread.sleep(20); // harness polling for the mount, not test synchronisation
        }
        TestConfig config = new TestConfig(mnt, FreePorts.next(), FreePorts.next(), null);
        PowerCutKitchen kitchen = new PowerCutKitchen(ordersPerSecond);
        Path file = work.resolve("dapur.yaml");
        Files.writeString(file, config.yaml() + kitchen.yaml());
        System.out.printf(
                "power cuts: %d cycles, modes %s, seed %d, storage on powercutfs at %s%n", cycles, modes, seed, mnt);

        int passed = 0;
        int failed = 0;
        int maxInFlight = 0;
        List<String> lastAcked = List.of();
        try {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                String mode = modes.get((cycle - 1) % modes.size());
                // where the cut lands in the journal's life: small checkpoints (every ~64 KB of journal) put
                // cuts inside checkpoints and segment deletions under load; before a cut-while-starting cycle,
                // the default (16 MB) leaves the whole cycle in the journal for the next start to replay
                long checkpointBytes = cycle % 4 == 3 ? 16L << 20 : 64L << 10;
                if (cycle % 4 == 0) {
                    // cut while the agent starts: opening H2, replaying the journal, its checkpoint, deleting segments
                    Path log = work.resolve("agent-" + cycle + ".log");
                    Process starting = start(file, log, checkpointBytes);
                    int after = 300 + rnd.nextInt(4_000);
                    try {
                        Thread.sleep(after); // the moment of the cut, part of the scenario
                    } finally {
                        starting.destroyForcibly();
                        starting.waitFor(10, TimeUnit.SECONDS);
                    }
                    String cut = cut(mnt, mode, rnd.nextInt(1_000_000));
                    String seen = Files.exists(log) ? Files.readString(log) : "";
                    System.out.printf(
                            "cycle %d: cut while starting, %d ms after launch (%s); %s%n",
                            cycle,
                            after,
                            seen.contains("journal replayed")
                                    ? "after its replay"
                                    : seen.contains("storage open") ? "storage open" : "before the replay was done",
                            cut);
                    passed++; // what it did to the storage is checked by the next cycle
                    continue;
                }
                Process agent = start(file, work.resolve("agent-" + cycle + ".log"), checkpointBytes);
                String problem = null;
                try {
                    problem = awaitHealthy(config, agent);
                    if (problem == null) {
                        problem = check(config, lastAcked, kitchen.acked, rnd);
                    }
                    if (problem == null) {
                        problem = kitchen.checkAlerts(config);
                    }
                    if (problem == null) {
                        // half the cuts come under full load, half in the lull after a burst, while the agent
                        // still tidies up without syncing (publications confirmed, print rows): unsynced writes
                        int lull = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(400);
                        PowerCutKitchen.Load load = kitchen.new Load(config, cycle % 2 == 0);
                        try {
                            Thread.sleep(loadMin
                                    + rnd.nextInt(
                                            Math.max(1, loadMax - loadMin))); // the kitchen runs: the thing measured
                            if (lull > 0) {
                                load.stop();
                                Thread.sleep(lull); // the lull before the cut, part of the scenario
                            }
                            load.kill();
                            agent.destroyForcibly(); // SIGKILL, while the terminals may still be sending
                            agent.waitFor(10, TimeUnit.SECONDS);
                        } finally {
                            load.close();
                        }
                        lastAcked = load.ackedThisCycle;
                        maxInFlight = Math.max(maxInFlight, load.inFlightAtKill);
                        String cut = cut(mnt, mode, rnd.nextInt(1_000_000));
                        System.out.printf(
                                "cycle %d: %d orders ACCEPTED (%d over MQTT), %d in flight over HTTP at the kill, "
                                        + "%d chits printed so far; %s%n",
                                cycle,
                                load.ackedThisCycle.size(),
                                load.ackedThisCycle.stream()
                                        .filter(o -> o.startsWith("PM-"))
                                        .count(),
                                load.inFlightAtKill,
                                kitchen.chitsPrinted(),
                                cut);
                    }
                } finally {
                    if (agent.isAlive()) {
                        agent.destroyForcibly();
                        agent.waitFor(10, TimeUnit.SECONDS);
                    }
                }
                if (problem == null) {
                    passed++;
                } else {
                    failed++;
                    System.out.printf(
                            "cycle %d FAILED (after the previous cut): %s%n  agent log: %s%n  evidence: %s%n",
                            cycle,
                            problem,
                            work.resolve("agent-" + cycle + ".log"),
                            control(mnt, "dump " + work.resolve("evidence")));
                    break; // the storage is in an unknown state: the next cycles would measure nothing
                }
            }
            if (failed == 0) {
                // the last cut is checked too, every order ever acknowledged, and what printed and reached the cloud
                Process agent = start(file, work.resolve("agent-final.log"), 16L << 20);
                try {
                    String problem = awaitHealthy(config, agent);
                    if (problem == null) {
                        problem = checkAll(config, kitchen.acked);
                    }
                    if (problem == null) {
                        problem = kitchen.checkAlerts(config);
                    }
                    if (problem == null) {
                        problem = kitchen.awaitDrained(config, 300);
                    }
                    if (problem == null) {
                        problem = kitchen.checkPrinterAndCloud(config);
                    }
                    if (problem != null) {
                        passed--;
                        failed++;
                        System.out.printf(
                                "final check FAILED (after cycle %d's cut): %s%n  agent log: %s%n",
                                cycles, problem, work.resolve("agent-final.log"));
                    }
                } finally {
                    agent.destroyForcibly();
                    agent.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            kitchen.close();
            fs.destroy();
            fs.waitFor(10, TimeUnit.SECONDS);
            new ProcessBuilder("fusermount3", "-u", "-z", mnt.toString())
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
        System.out.printf(
                "orders ACCEPTED in all: %d (%d over MQTT), most in flight over HTTP at one cut: %d; chits printed: %d; "
                        + "cloud events applied: %d (%d duplicates recognised); alerts raised: %d, cleared: %d; "
                        + "every one checked after the last cut%n",
                kitchen.acked.size(),
                kitchen.acked.stream().filter(o -> o.startsWith("PM-")).count(),
                maxInFlight,
                kitchen.chitsPrinted(),
                kitchen.cloud.events().size(),
                kitchen.cloud.duplicates(),
                kitchen.raised.size(),
                kitchen.cleared.size());
        System.out.printf("%d passed, %d failed%n", passed, failed);
        return new Result(passed, failed);
    }

    static Path JAR;
    /**
     * How long the kitchen runs before each cut. Short by default; H2 keeps space freed by a commit
     * for its retention time (45 s) before reusing it, so only runs longer than that let a new chunk
     * overwrite space the last synced state may still need: {@code --load-ms 50000-70000}.
     */
    private static int loadMin = 300;

    private static int loadMax = 2_800;
    /** The HTTP terminals' pace, all four together (the MQTT terminal adds about 25/s). */
    private static int ordersPerSecond = 200;

    static Process start(Path config, Path log) throws IOException {
        return start(config, log, 16L << 20);
    }

    static Process start(Path config, Path log, long checkpointBytes) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty(
                        "bench.jvm",
                        "-Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:TrimNativeHeapInterval=5000")
                .split(" ")));
        cmd.add("-Ddapur.storage.checkpointBytes=" + checkpointBytes);
        // beside the log, outside the power-cut mount: what filled the heap, should the watchdog end the agent
        cmd.add("-Ddapur.heapDump=" + log.resolveSibling(log.getFileName() + ".hprof"));
        cmd.addAll(List.of("-jar", JAR.toString(), "run", "--config", config.toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Null when /health says 200 within 60 s; otherwise why not (quarantine, a dead process...). */
    static String awaitHealthy(TestConfig config, Process agent) throws InterruptedException {
        Http anon = new Http(config.http(), null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                return "the agent exited with " + agent.exitValue();
            }
            try {
                Http.Response r = anon.get("/health");
                if (r.status() == 200) {
                    return null;
                }
                last = r.body();
                if (last.contains("quarantine")) {
                    return "the database was quarantined: " + last;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(20); // harness polling, not test synchronisation
        }
        return "not healthy within 60 s: " + last;
    }

    /** The previous cycle's acknowledged orders, all of them, and a sample of the older ones. */
    static String check(TestConfig config, List<String> lastAcked, List<String> all, Random rnd) {
        List<String> sample = new ArrayList<>(lastAcked);
        for (int i = 0; i < 50 && !all.isEmpty(); i++) {
            sample.add(all.get(rnd.nextInt(all.size())));
        }
        return checkAll(config, sample);
    }

    static String checkAll(TestConfig config, List<String> ids) {
        Http pos = new Http(config.http(), TestConfig.POS_TOKEN);
        for (String id : ids) {
            Http.Response r = pos.get("/api/v1/orders/" + id);
            if (r.status() != 200) {
                return "order " + id + " was ACCEPTED before the cut but is gone: " + r.status() + " " + r.body();
            }
            if (r.json().path("tickets").isEmpty()) {
                return "order " + id + " came back without its tickets: " + r.body();
            }
        }
        return null;
    }

    static String cut(Path mnt, String mode, int seed) throws IOException {
        return control(mnt, "cut " + mode + " " + seed);
    }

    /** A command to powercutfs (cut, dump, stats); its answer. */
    static String control(Path mnt, String command) throws IOException {
        Path control = mnt.resolve(".powercut");
        Files.writeString(control, command + "\n", StandardCharsets.UTF_8);
        String result = Files.readString(control).trim();
        if (!result.startsWith("ok ")) {
            throw new IllegalStateException("powercutfs refused '" + command + "': " + result);
        }
        return result.substring(3);
    }
}
