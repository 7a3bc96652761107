package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.Version;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apt install ./dapur-edge.deb} in a clean Debian 12 root: debootstrap makes a
 * minimal bookworm in a folder (no container runtime here; a chroot is what this machine can do), apt
 * installs the package with its dependencies from Debian (Java 17, systemd, adduser), and then: the
 * service user and its 0700 data dir exist, the unit passes {@code systemd-analyze verify} against the
 * installed files, the technician's steps of operations.md work as written ({@code dapur-edge check-config}
 * with the secrets in the environment file, {@code hash-pin}, {@code doctor}), the launcher starts the
 * agent as that user with the distribution's Java and the unit's environment, it takes an order, and
 * removing and purging the package leaves the outlet's data. Needs root (CI runs as root).
 */
@Timeout(900)
class DebInstallIT {
    static final String MIRROR = System.getenv().getOrDefault("DEBIAN_MIRROR", "http://deb.debian.org/debian");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aptInstallsThePackageIntoACleanDebianAndTheAgentRuns() throws Exception {
        SystemdServiceIT.need("/usr/sbin/debootstrap", "debootstrap");
        assertThat(new String(new ProcessBuilder("id", "-u")
                                .start()
                                .getInputStream()
                                .readAllBytes())
                        .trim())
                .as("debootstrap and chroot need root (CI runs as root): run the tests as root, or this one fails")
                .isEqualTo("0");
        Path root = dir.resolve("bookworm");
        String boot = sh(600, "debootstrap", "--variant=minbase", "bookworm", root.toString(), MIRROR);
        assertThat(boot).as(tail(boot)).startsWith("0\n");
        assertThat(sh(30, "mount", "-t", "proc", "proc", root.resolve("proc").toString()))
                .startsWith("0\n");
        Process agent = null;
        try {
            Files.copy(DebPackageIT.deb(), root.resolve("tmp/dapur-edge.deb"), StandardCopyOption.REPLACE_EXISTING);
            String install = in(
                    root,
                    600,
                    "/bin/sh",
                    "-c",
                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/dapur-edge.deb");
            assertThat(install).as(tail(install)).startsWith("0\n");
            assertThat(in(root, 30, "java", "-version")).contains("openjdk version \"17.");
            assertThat(in(root, 30, "stat", "-c", "%U:%G %a", "/var/lib/dapur")).isEqualTo("0\ndapur:dapur 700\n");
            assertThat(in(root, 30, "stat", "-c", "%U:%G %a", "/etc/dapur/agent.yaml"))
                    .isEqualTo("0\nroot:dapur 640\n");
            assertThat(in(root, 30, "getent", "passwd", "dapur")).contains(":/var/lib/dapur:/usr/sbin/nologin");
            assertThat(in(root, 60, "systemd-analyze", "verify", "/lib/systemd/system/dapur-edge.service"))
                    .as("the unit, against the installed launcher and Java")
                    .isEqualTo("0\n");
            assertThat(in(root, 60, "/usr/lib/dapur-edge/dapur-edge-launch", "--version"))
                    .isEqualTo("0\ndapur-edge " + Version.VALUE + "\n");

            // the technician's steps as operations.md writes them: the secrets in /etc/dapur/environment, checked with
            // `dapur-edge check-config`, a cook's PIN hashed with `dapur-edge hash-pin`, the agent started as the unit
            // starts it,
            // and `dapur-edge doctor`
            assertThat(in(root, 30, "stat", "-c", "%U:%G %a", "/etc/dapur/environment"))
                    .isEqualTo("0\nroot:dapur 640\n");
            assertThat(in(root, 30, "stat", "-c", "%a", "/usr/bin/dapur-edge")).isEqualTo("0\n755\n");
            String unset = in(root, 120, "dapur-edge", "check-config");
            assertThat(unset)
                    .as("the example needs its secrets")
                    .startsWith("2\n")
                    .contains("DAPUR_ADMIN_TOKEN");
            int http = FreePorts.next();
            int mqtt = FreePorts.next();
            Path config = root.resolve("etc/dapur/agent.yaml");
            Files.writeString(
                    config,
                    Files.readString(config)
                            .replace("port: 1883", "port: " + mqtt)
                            .replace("port: 8080", "port: " + http)
                            .replace(
                                    "    - { token: \"${DAPUR_KDS_TOKEN}\"",
                                    "    - { token: \"pos-token-0123456789abcdef\", role: pos }\n"
                                            + "    - { token: \"${DAPUR_KDS_TOKEN}\""));
            Path env = root.resolve("etc/dapur/environment");
            Files.writeString(env, Files.readString(env) + """
                    DAPUR_ADMIN_TOKEN=admin-token-0123456789abcdef
                    DAPUR_KDS_TOKEN="kds-token-0123456789abcdef"
                    DAPUR_POS_PASSWORD=pos-secret-0123456789
                    DAPUR_KDS_PASSWORD='kds-secret-0123456789'
                    """);
            String valid = in(root, 120, "dapur-edge", "check-config");
            assertThat(valid)
                    .as("root sees what the service sees")
                    .startsWith("0\n")
                    .contains("/etc/dapur/agent.yaml: valid (outlet outlet-01");
            assertThat(sh(120, "chroot", "--userspec=dapur:dapur", root.toString(), "dapur-edge", "check-config"))
                    .as("so does the service's user")
                    .startsWith("0\n");
            assertThat(in(root, 120, "/bin/sh", "-c", "echo 4711 | dapur-edge hash-pin"))
                    .startsWith("0\npbkdf2-sha256$");
            assertThat(in(root, 120, "dapur-edge", "doctor"))
                    .as("the agent is not running yet")
                    .startsWith("1\n")
                    .contains("nothing answers on http://127.0.0.1:" + http);

            // the agent as the unit starts it: its Environment= lines, the launcher, the service user; no secret on the
            // command line
            List<String> cmd = new ArrayList<>(
                    List.of("chroot", "--userspec=dapur:dapur", root.toString(), "env", "HOME=/var/lib/dapur"));
            for (String line : Files.readAllLines(root.resolve("lib/systemd/system/dapur-edge.service"))) {
                if (line.startsWith("Environment=") && !line.startsWith("Environment=\"JAVA_OPTS")) {
                    cmd.addAll(List.of(line.substring("Environment=".length()).split(" ")));
                }
            }
            cmd.addAll(List.of(
                    "JAVA_OPTS=-Xmx64m -XX:+UseSerialGC -XX:-UsePerfData",
                    "/usr/lib/dapur-edge/dapur-edge-launch",
                    "run"));
            agent = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile())
                    .start();
            Process running = agent;
            Http pos = new Http("http://127.0.0.1:" + http, "pos-token-0123456789abcdef");
            Awaitility.await("the installed agent serving")
                    .atMost(Duration.ofSeconds(120))
                    .failFast("the agent exited", () -> !running.isAlive())
                    .ignoreExceptions()
                    .until(() -> pos.get("/health").status() == 200);
            assertThat(pos.post("/api/v1/orders", Orders.json("DEB-1")).status())
                    .isEqualTo(201);
            String doctor = in(root, 120, "dapur-edge", "doctor");
            assertThat(doctor)
                    .as(doctor)
                    .startsWith("0\n")
                    .contains("outlet outlet-01")
                    .containsPattern("OK +configuration +valid")
                    .containsPattern("OK +storage +UP \\(last commit")
                    .containsPattern("OK +broker")
                    .containsPattern("OK +mqtt")
                    .containsPattern("OK +disk +/var/lib/dapur/data: ");
            agent.destroy();
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(in(root, 30, "stat", "-c", "%U", "/var/lib/dapur/data/dapur.mv.db"))
                    .isEqualTo("0\ndapur\n");

            // removed and purged: the outlet's records stay
            assertThat(in(root, 300, "/bin/sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq dapur-edge"))
                    .startsWith("0\n");
            assertThat(root.resolve("usr/share/dapur-edge/dapur-edge.jar")).doesNotExist();
            assertThat(root.resolve("var/lib/dapur/data/dapur.mv.db")).exists();
        } finally {
            if (agent != null && agent.isAlive()) {
                agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            sh(60, "umount", "-l", root.resolve("proc").toString());
        }
    }

    static String in(Path root, int seconds, String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("chroot", root.toString()));
        c.addAll(List.of(cmd));
        return sh(seconds, c.toArray(String[]::new));
    }

    static String sh(int seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment()
                .putAll(Map.of("LC_ALL", "C", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS))
                .as(String.join(" ", cmd))
                .isTrue();
        return p.exitValue() + "\n" + new String(out);
    }

    static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
