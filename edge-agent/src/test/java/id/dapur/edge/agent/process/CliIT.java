package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check-config} and {@code mosquitto-config} as a user runs them. */
class CliIT {
    @TempDir
    Path dir;

    @Test
    void checkConfigSaysValidAndExitsZero() throws Exception {
        AgentProcess.Result r = AgentProcess.runToEnd(
                dir.resolve("ok.log"),
                "check-config",
                TestConfig.embedded(dir).write().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("valid (outlet jkt-01, 3 stations");
    }

    @Test
    void checkConfigListsEveryProblemWithItsPathExitsTwoAndNeverPrintsASecret() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                TestConfig.embedded(dir)
                        .yaml()
                        .replace(
                                "{ token: \"admin-token-0123456789\", role: admin }",
                                "{ token: \"tiny-secret\", role: admin }")
                        .replace("defaultStation: wok", "defaultStation: pastry\ncolour: blue"));
        AgentProcess.Result r = AgentProcess.runToEnd(dir.resolve("bad.log"), "check-config", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output())
                .contains(
                        "3 problem(s)",
                        "http.tokens[0].token: must be a text of at least 16 characters",
                        "defaultStation: 'pastry' is not a station id",
                        "colour: unknown key")
                .doesNotContain("tiny-secret");
    }

    @Test
    void mosquittoConfigWritesHashedPasswordsAndAcls() throws Exception {
        Path out = dir.resolve("mosq");
        AgentProcess.Result r = AgentProcess.runToEnd(
                dir.resolve("m.log"),
                "mosquitto-config",
                TestConfig.external(dir, 1883).write().toString(),
                "--out",
                out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("passwd")))
                .contains("kds-wok:$7$101$")
                .doesNotContain(TestConfig.PASSWORD);
        assertThat(Files.readString(out.resolve("acl")))
                .contains("user kds-wok\ntopic write dapur/jkt-01/kds/wok/actions");
        assertThat(Files.readString(out.resolve("mosquitto.conf")))
                .contains("allow_anonymous false", "max_connections 256", "max_packet_size 532480");
    }

    @Test
    void unknownArgumentsAreExitCodeTwo() throws Exception {
        AgentProcess.Result r = AgentProcess.runToEnd(dir.resolve("u.log"), "run", "--confg", "x.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).startsWith("dapur-edge: ");
    }
}
