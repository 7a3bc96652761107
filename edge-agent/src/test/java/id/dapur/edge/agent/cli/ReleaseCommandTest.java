package id.dapur.edge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.config.ReleaseKeys;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release keygen} and {@code release sign}: what they print is what the agent verifies. */
class ReleaseCommandTest {
    @TempDir
    Path dir;

    String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(out);
        }
        return b.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aKeyPairAndASignatureTheAgentAccepts() throws Exception {
        Path key = dir.resolve("release.key");
        String pub = run("release", "keygen", key.toString());
        assertThat(ReleaseKeys.problem(pub)).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Main.execute("release", "keygen", key.toString()))
                .as("never overwritten")
                .isEqualTo(2);

        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "2.3.4");
        Path jar = dir.resolve("dapur-edge.jar");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(os, m)) {
            j.putNextEntry(new ZipEntry("x"));
            j.write(1);
        }
        JsonNode args = new ObjectMapper()
                .readTree(run(
                        "release",
                        "sign",
                        "--key",
                        key.toString(),
                        "--url",
                        "https://cloud.example/api/v1/releases/dapur-edge-2.3.4.jar",
                        jar.toString()));
        assertThat(args.path("version").asText()).isEqualTo("2.3.4");
        assertThat(args.path("size").asLong()).isEqualTo(Files.size(jar));
        assertThat(ReleaseKeys.verify(
                        List.of(pub),
                        "2.3.4",
                        args.path("sha256").asText(),
                        args.path("signature").asText()))
                .isTrue();
        assertThat(ReleaseKeys.verify(
                        List.of(pub),
                        "2.3.5",
                        args.path("sha256").asText(),
                        args.path("signature").asText()))
                .isFalse();
    }
}
