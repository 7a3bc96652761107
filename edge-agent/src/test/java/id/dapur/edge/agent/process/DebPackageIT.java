package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.Version;
import id.dapur.edge.agent.testsupport.AgentProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package the build makes: its control fields, its files with their modes, the
 * conffiles, maintainer scripts that parse, the example configuration valid once its secrets are set
 * (and refused, naming them, before), and the unit it installs passing {@code systemd-analyze verify}.
 * Read with dpkg-deb from the real .deb.
 */
class DebPackageIT {
    @TempDir
    Path dir;

    static Path deb() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("dapur-edge_.+_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "target/dapur-edge_*_all.deb is missing: run 'mvn verify' (built in 'package')"));
        }
    }

    static String run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void thePackageHoldsTheAgentItsUnitAndAConfigurationThatChecks() throws Exception {
        SystemdServiceIT.need("/usr/bin/dpkg-deb", "dpkg");
        Path deb = deb();
        String fields =
                run(Map.of(), "dpkg-deb", "-f", deb.toString(), "Package", "Architecture", "Depends", "Version");
        assertThat(fields)
                .startsWith("0\n")
                .contains("Package: dapur-edge", "Architecture: all", "openjdk-17-jre-headless", "systemd");
        String contents = run(Map.of(), "dpkg-deb", "-c", deb.toString());
        assertThat(contents).startsWith("0\n");
        assertThat(contents.lines()
                        .filter(l -> l.endsWith("./usr/share/dapur-edge/dapur-edge.jar"))
                        .findFirst()
                        .orElseThrow())
                .startsWith("-rw-r--r-- root/root");
        assertThat(contents.lines()
                        .filter(l -> l.endsWith("./etc/dapur/agent.yaml"))
                        .findFirst()
                        .orElseThrow())
                .as("secrets go in it: not world-readable")
                .startsWith("-rw-r----- root/root");
        assertThat(contents)
                .contains("./lib/systemd/system/dapur-edge.service", "./etc/systemd/journald.conf.d/dapur-edge.conf");

        Path control = dir.resolve("control");
        assertThat(run(Map.of(), "dpkg-deb", "-e", deb.toString(), control.toString()))
                .startsWith("0\n");
        assertThat(Files.readAllLines(control.resolve("conffiles")))
                .containsExactlyInAnyOrder(
                        "/etc/dapur/agent.yaml",
                        "/etc/dapur/environment",
                        "/etc/systemd/journald.conf.d/dapur-edge.conf");
        assertThat(contents.lines()
                        .filter(l -> l.endsWith("./etc/dapur/environment"))
                        .findFirst()
                        .orElseThrow())
                .as("the secrets' file: not world-readable")
                .startsWith("-rw-r----- root/root");
        assertThat(contents.lines()
                        .filter(l -> l.endsWith("./usr/bin/dapur-edge"))
                        .findFirst()
                        .orElseThrow())
                .startsWith("-rwxr-xr-x root/root");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
            assertThat(run(Map.of(), "sh", "-n", control.resolve(script).toString()))
                    .as(script + " parses")
                    .startsWith("0\n");
        }
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("adduser --system", "install -d -m 0700 -o dapur -g dapur /var/lib/dapur");

        Path root = dir.resolve("root");
        assertThat(run(Map.of(), "dpkg-deb", "-x", deb.toString(), root.toString()))
                .startsWith("0\n");
        Path config = root.resolve("etc/dapur/agent.yaml");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = root.resolve("usr/share/dapur-edge/dapur-edge.jar").toString();
        String refused = run(Map.of(), java, "-jar", jar, "check-config", config.toString());
        assertThat(refused)
                .as("the example needs its secrets")
                .doesNotStartWith("0\n")
                .contains("DAPUR_ADMIN_TOKEN");
        Map<String, String> secrets = Map.of(
                "DAPUR_POS_PASSWORD",
                "pos-secret-0123456789",
                "DAPUR_KDS_PASSWORD",
                "kds-secret-0123456789",
                "DAPUR_ADMIN_TOKEN",
                "admin-token-0123456789abcdef",
                "DAPUR_KDS_TOKEN",
                "kds-token-0123456789abcdef");
        assertThat(run(secrets, java, "-jar", jar, "check-config", config.toString()))
                .as("valid once they are set")
                .startsWith("0\n");
        Path env = dir.resolve("environment");
        StringBuilder lines = new StringBuilder(Files.readString(root.resolve("etc/dapur/environment")));
        secrets.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        Files.writeString(env, lines);
        assertThat(run(
                        Map.of("DAPUR_ENV_FILE", env.toString(), "DAPUR_CONFIG", config.toString()),
                        java,
                        "-jar",
                        jar,
                        "check-config"))
                .as("and valid with them in the environment file, the file named as the unit and the command name it")
                .startsWith("0\n");
        assertThat(Files.size(Path.of(jar))).isEqualTo(Files.size(AgentProcess.jar()));
        assertThat(contents.lines()
                        .filter(l -> l.endsWith("./usr/lib/dapur-edge/dapur-edge-launch"))
                        .findFirst()
                        .orElseThrow())
                .startsWith("-rwxr-xr-x root/root");
        assertThat(Files.readString(root.resolve("usr/share/dapur-edge/VERSION"))
                        .trim())
                .isEqualTo(Version.VALUE);
        // the unit names the launcher where the package puts it; verified against the extracted copy
        Path unit = dir.resolve("dapur-edge.service");
        Files.writeString(
                unit,
                Files.readString(root.resolve("lib/systemd/system/dapur-edge.service"))
                        .replace(
                                "/usr/lib/dapur-edge/dapur-edge-launch",
                                root.resolve("usr/lib/dapur-edge/dapur-edge-launch")
                                        .toString()));
        String verify = run(Map.of(), "systemd-analyze", "verify", unit.toString());
        assertThat(verify).isEqualTo("0\n");
    }
}
