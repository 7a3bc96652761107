package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent under systemd's notify protocol: started as systemd starts a Type=notify
 * service — NOTIFY_SOCKET naming a Unix datagram socket (here socat's, writing what it receives to a
 * file) and WATCHDOG_USEC — it says READY=1 once serving, feeds the watchdog at half the interval, and
 * says STOPPING=1 on SIGTERM. And the packaged unit passes {@code systemd-analyze verify}.
 */
class SystemdServiceIT {
    @TempDir
    Path dir;

    static void need(String tool, String pkg) {
        if (!new File(tool).canExecute()) {
            throw new IllegalStateException(tool + " is missing: sudo apt-get install -y " + pkg);
        }
    }

    @Test
    void readyWatchdogAndStoppingReachTheNotifySocket() throws Exception {
        need("/usr/bin/socat", "socat");
        Path socket = dir.resolve("notify.sock");
        Path received = dir.resolve("notify.log");
        Process socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "OPEN:" + received + ",creat,append")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.out").toFile())
                .start();
        Process agent = null;
        try {
            Awaitility.await("socat's socket").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
            TestConfig cfg = TestConfig.embedded(dir.resolve("agent"));
            Path config = cfg.write();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-jar",
                    AgentProcess.jar().toString(),
                    "run",
                    "--config",
                    config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            pb.environment().put("WATCHDOG_USEC", "1000000"); // WatchdogSec=1s: fed every 500 ms
            agent = pb.start();
            Awaitility.await("READY=1")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> text(received).contains("READY=1"));
            Awaitility.await("the watchdog fed")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> count(text(received), "WATCHDOG=1") >= 3);
            assertThat(Files.readString(dir.resolve("agent.log")))
                    .contains("feeding the systemd watchdog [every: 500 ms]");
            agent.destroy(); // SIGTERM, as systemctl stop
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Awaitility.await("STOPPING=1")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> text(received).contains("STOPPING=1"));
            assertThat(text(received).indexOf("READY=1"))
                    .as("ready before the first beat")
                    .isLessThan(text(received).indexOf("WATCHDOG=1"));
        } finally {
            if (agent != null) {
                agent.destroyForcibly();
            }
            socat.destroy();
        }
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        need("/usr/bin/systemd-analyze", "systemd");
        Path packaged = Path.of("..", "packaging", "dapur-edge.service")
                .toAbsolutePath()
                .normalize();
        assertThat(packaged).exists();
        // the unit runs the launcher from where the package installs it; here, from the source tree
        Path unit = dir.resolve("dapur-edge.service");
        Files.writeString(
                unit,
                Files.readString(packaged)
                        .replace(
                                "/usr/lib/dapur-edge/dapur-edge-launch",
                                packaged.resolveSibling("dapur-edge-launch").toString()));
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("no warning either").isBlank();
        String text = Files.readString(packaged);
        assertThat(text)
                .contains(
                        "Type=notify",
                        "WatchdogSec=",
                        "Restart=on-failure",
                        "User=dapur",
                        "ProtectSystem=strict",
                        "ReadWritePaths=/var/lib/dapur",
                        "NoNewPrivileges=true",
                        "PrivateTmp=true",
                        "CapabilityBoundingSet=\n",
                        "ExecStart=/usr/lib/dapur-edge/dapur-edge-launch run",
                        "RestartForceExitStatus=75");
    }

    private static String text(Path f) throws Exception {
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
