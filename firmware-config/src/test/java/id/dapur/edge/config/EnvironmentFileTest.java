package id.dapur.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment file the service and the command line share, read as systemd's EnvironmentFile= writes it. */
class EnvironmentFileTest {
    @TempDir
    Path dir;

    @Test
    void linesQuotesAndCommentsAsSystemdWritesThem() throws IOException {
        Path f = dir.resolve("environment");
        Files.writeString(f, """
                # the outlet's secrets
                ; also a comment
                DAPUR_ADMIN_TOKEN=admin-token-0123456789
                  DAPUR_POS_PASSWORD = "with space and \\"quote\\""
                DAPUR_KDS_PASSWORD='single $quoted'

                EMPTY=
                """);
        assertThat(EnvironmentFile.read(f))
                .containsExactly(
                        Map.entry("DAPUR_ADMIN_TOKEN", "admin-token-0123456789"),
                        Map.entry("DAPUR_POS_PASSWORD", "with space and \"quote\""),
                        Map.entry("DAPUR_KDS_PASSWORD", "single $quoted"),
                        Map.entry("EMPTY", ""));
    }

    @Test
    void aBadLineIsNamedAndTheProcessEnvironmentWins() throws IOException {
        Path f = dir.resolve("environment");
        Files.writeString(f, "GOOD=1\nexport BAD=2\n");
        assertThatThrownBy(() -> EnvironmentFile.read(f)).hasMessageContaining("line 2: expected NAME=value");
        Files.writeString(f, "A=\"open\n");
        assertThatThrownBy(() -> EnvironmentFile.read(f))
                .hasMessageContaining("line 1: a double-quoted value has no closing quote");
        Files.writeString(f, "A=from-file\nB=from-file\n");
        Map<String, String> env = EnvironmentFile.withProcessEnvironment(
                Map.of(EnvironmentFile.VARIABLE, f.toString(), "A", "from-process"));
        assertThat(env).containsEntry("A", "from-process").containsEntry("B", "from-file");
        assertThatThrownBy(() -> EnvironmentFile.withProcessEnvironment(
                        Map.of(EnvironmentFile.VARIABLE, dir.resolve("none").toString())))
                .hasMessageContaining("does not exist");
    }
}
