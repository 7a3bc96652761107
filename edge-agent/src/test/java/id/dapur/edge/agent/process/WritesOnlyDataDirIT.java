package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SD-card care and read-only roots (docs/operations.md): the packaged agent, started as the
 * unit starts it (working directory and HOME in the data dir), taking orders and stopped, opens for
 * writing, creates, renames or deletes nothing outside its data dir and its runtime directory in RAM
 * (the unit's {@code RuntimeDirectory}, where its JVM flags put temporary files; not even /tmp) —
 * watched by strace on every thread, every system call that can change a file.
 */
@Timeout(120)
class WritesOnlyDataDirIT {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    static final Pattern CALL = Pattern.compile("^\\d+\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+)");

    @Test
    void nothingButTheDataDirIsWritten() throws Exception {
        SystemdServiceIT.need("/usr/bin/strace", "strace");
        TestConfig c = TestConfig.embedded(dir.resolve("agent"));
        Path config = c.write();
        Path data = dir.resolve("agent").resolve("data").toAbsolutePath();
        Files.createDirectories(data);
        Path run = Files.createDirectories(dir.resolve("run")); // RuntimeDirectory=dapur-edge: /run/dapur-edge, in RAM
        Path trace = dir.resolve("strace.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                "strace",
                "-f",
                "-qq",
                "-o",
                trace.toString(),
                "-e",
                "trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,truncate,link,linkat,symlink,symlinkat",
                java));
        // the JVM flags of the unit, its runtime directory here
        Matcher opts = Pattern.compile("Environment=\"JAVA_OPTS=([^\"]*)\"")
                .matcher(Files.readString(Path.of("..", "packaging", "dapur-edge.service")));
        assertThat(opts.find()).isTrue();
        for (String o : opts.group(1).split(" ")) {
            cmd.add(o.replace("/run/dapur-edge", run.toString()));
        }
        cmd.addAll(List.of(
                "-jar",
                AgentProcess.jar().toAbsolutePath().toString(),
                "run",
                "--config",
                config.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("HOME", data.toString());
        Process agent = pb.start();
        try {
            Http admin = new Http(c.http(), TestConfig.ADMIN_TOKEN);
            Awaitility.await("healthy under strace")
                    .atMost(Duration.ofSeconds(90))
                    .failFast("the agent exited", () -> !agent.isAlive())
                    .ignoreExceptions()
                    .until(() -> admin.get("/health").status() == 200);
            Http pos = new Http(c.http(), TestConfig.POS_TOKEN);
            for (int i = 0; i < 20; i++) {
                assertThat(pos.post("/api/v1/orders", Orders.json("RO-" + i)).status())
                        .isEqualTo(201);
            }
        } finally {
            // SIGTERM to the JVM (strace's child), as systemctl stop; strace ends with it
            agent.children().forEach(ProcessHandle::destroy);
            if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                agent.descendants().forEach(ProcessHandle::destroyForcibly);
                agent.destroyForcibly();
            }
        }
        assertThat(agent.exitValue())
                .as("a clean stop: 143, the JVM's status after SIGTERM (SuccessExitStatus=143 in the unit)")
                .isEqualTo(143);
        List<String> outside = new ArrayList<>();
        boolean database = false;
        for (String line : Files.readAllLines(trace)) {
            Matcher m = CALL.matcher(line);
            if (!m.find() || m.group(3).startsWith("-")) {
                continue; // failed calls change nothing
            }
            String call = m.group(1);
            String args = m.group(2);
            boolean changes = switch (call) {
                case "open", "openat", "creat" ->
                    call.equals("creat")
                            || args.contains("O_WRONLY")
                            || args.contains("O_RDWR")
                            || args.contains("O_CREAT")
                            || args.contains("O_TRUNC");
                default -> true;
            };
            if (!changes) {
                continue;
            }
            for (String path : paths(args)) {
                Path p = path.startsWith("/") ? Path.of(path) : data.resolve(path);
                p = p.normalize();
                database |= p.startsWith(data) && p.getFileName().toString().endsWith(".mv.db");
                if (!(p.startsWith(data) || p.startsWith(run) || p.startsWith("/dev") || p.startsWith("/proc"))) {
                    outside.add(call + " " + p);
                }
            }
        }
        assertThat(database)
                .as("the trace saw the agent open its database for writing")
                .isTrue();
        assertThat(new TreeSet<>(outside)).as("written outside " + data).isEmpty();
    }

    /** The quoted paths among a call's arguments. */
    static List<String> paths(String args) {
        List<String> out = new ArrayList<>();
        Matcher q = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(args);
        while (q.find()) {
            out.add(q.group(1));
        }
        return out;
    }
}
