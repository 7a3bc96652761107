package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.support.Version;
import id.dapur.edge.agent.testsupport.AgentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/release.sh --from-target}: packages the build's jar, .deb and SBOM with the third-party
 * licences, the signed update manifest and SHA256SUMS, and checks its own work; a release whose jar was
 * changed after signing fails {@code release verify}, and one signed by another key too.
 */
class ReleaseScriptIT {
    @TempDir
    Path dir;

    static String run(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + "\n" + out;
    }

    @Test
    void aReleaseIsPackagedSignedAndChecked() throws Exception {
        SystemdServiceIT.need("/usr/bin/dpkg-deb", "dpkg");
        AgentProcess.jar();
        Path key = dir.resolve("release.key");
        AgentProcess.Result keygen =
                AgentProcess.runToEnd(dir.resolve("keygen.log"), "release", "keygen", key.toString());
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        assertThat(Path.of(key + ".pub")).exists();
        Path out = dir.resolve("dist");
        String release = run(
                Path.of(".."),
                "scripts/release.sh",
                "--from-target",
                "--key",
                key.toString(),
                "--url",
                "https://cloud.example.com/api/v1/releases",
                "--out",
                out.toString());
        assertThat(release).as(release).startsWith("0\n").contains(": verified (version " + Version.VALUE);
        String v = Version.VALUE;
        for (String f : List.of(
                "dapur-edge-" + v + ".jar",
                "dapur-edge_" + v.replace('-', '~') + "_all.deb",
                "dapur-edge-" + v + ".sbom.json",
                "dapur-edge-" + v + ".update.json",
                "THIRD-PARTY.txt",
                "LICENSE",
                "NOTICE",
                "CHANGELOG.md",
                "SHA256SUMS")) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readAllLines(out.resolve("SHA256SUMS"))).hasSize(8);
        assertThat(Files.readString(out.resolve("THIRD-PARTY.txt")))
                .contains("io.vertx:vertx-core")
                .contains("Apache-2.0")
                .contains("com.h2database:h2");
        assertThat(Files.readString(out.resolve("dapur-edge-" + v + ".update.json")))
                .contains("\"url\" : \"https://cloud.example.com/api/v1/releases/dapur-edge-" + v + ".jar\"");
        assertThat(Files.readString(out.resolve("LICENSE")))
                .contains("Apache License")
                .contains("Version 2.0");

        // a jar changed after it was signed: the checksums and the signature both say so
        Path jar = out.resolve("dapur-edge-" + v + ".jar");
        Files.write(jar, new byte[] {0}, StandardOpenOption.APPEND);
        assertThat(run(out, "sha256sum", "--quiet", "-c", "SHA256SUMS")).doesNotStartWith("0\n");
        AgentProcess.Result tampered = AgentProcess.runToEnd(
                dir.resolve("verify.log"),
                "release",
                "verify",
                "--public-key",
                key + ".pub",
                "--manifest",
                out.resolve("dapur-edge-" + v + ".update.json").toString(),
                jar.toString());
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.output()).contains("NOT verified").contains("SHA-256");
        // and a manifest checked against another fleet's key
        Path other = dir.resolve("other.key");
        AgentProcess.runToEnd(dir.resolve("keygen2.log"), "release", "keygen", other.toString());
        AgentProcess.Result foreign = AgentProcess.runToEnd(
                dir.resolve("verify2.log"),
                "release",
                "verify",
                "--public-key",
                other + ".pub",
                "--manifest",
                out.resolve("dapur-edge-" + v + ".update.json").toString(),
                AgentProcess.jar().toString());
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.output()).contains("the signature is not this key's");
    }
}
