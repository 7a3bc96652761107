package id.dapur.edge.agent.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged agent ({@code target/dapur-edge.jar}) in a child JVM, as an outlet runs it. */
public final class AgentProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "dapur-edge.jar");
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR.toAbsolutePath() + " is missing: run 'mvn verify' (the jar is built in 'package')");
        }
        return JAR;
    }

    public static AgentProcess start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Ddapur.contract.check=true",
                "-jar",
                jar().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new AgentProcess(p, log);
    }

    /** Runs a short command (check-config, a failing start) to its end; returns exit code and output. */
    public static Result runToEnd(Path log, String... args) throws IOException, InterruptedException {
        return runToEnd(Duration.ofSeconds(60), log, args);
    }

    /** As above, for a command that runs longer (a fleet simulation). */
    public static Result runToEnd(Duration limit, Path log, String... args) throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        AgentProcess p = start(log, args);
        if (!p.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.kill();
            throw new AssertionError(
                    "dapur-edge " + String.join(" ", args) + " did not finish: " + Files.readString(log));
        }
        return new Result(p.process.exitValue(), Files.readString(log));
    }

    /** Exit code and everything printed. */
    public record Result(int exitCode, String output) {}

    public AgentProcess awaitHealthy(String baseUrl) {
        Http h = new Http(baseUrl, null);
        try {
            Awaitility.await("agent healthy at " + baseUrl)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("agent exited: " + output());
                        }
                        return h.get("/health").status() == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "agent not healthy at " + baseUrl + " within 30 s (alive: " + process.isAlive() + "); its log:\n"
                            + tail(80),
                    e);
        }
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no flush, like a power cut to the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("agent did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last lines the agent printed, for a failure message. */
    public String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Kills it if it still runs; fails if it sent anything its contract does not allow (it checks itself, and logs each breach). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        List<String> breaches =
                output().lines().filter(l -> l.contains("contract violation:")).toList();
        if (!breaches.isEmpty()) {
            throw new AssertionError(
                    "the agent broke its contract (" + breaches.size() + "):\n  " + String.join("\n  ", breaches));
        }
    }
}
