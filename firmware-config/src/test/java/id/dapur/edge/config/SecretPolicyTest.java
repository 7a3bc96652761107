package id.dapur.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretPolicyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "12345678",
                "123456789012",
                "password1234",
                "Password2024!",
                "aaaaaaaaaaaa",
                "abcdefghijklmnop",
                "qwertyuiop12",
                "changeme1234",
                "abababababab",
                "kitchen!!2026",
                "zyxwvutsrqpo"
            })
    void weakSecretsAreRefusedWithAReason(String weak) {
        assertThat(SecretPolicy.weakness(weak, 12)).as(weak).isNotNull().doesNotContain(weak);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cret-pass-42", "pos-secret-1", "Xq7-Lm2p-Rt9w", "kds-wok-7Hs9a2", "tr0ub4dor&3-horse"})
    void reasonableSecretsPass(String good) {
        assertThat(SecretPolicy.weakness(good, 12)).as(good).isNull();
    }

    @Test
    void theMinimumLengthIsTheCallers() {
        assertThat(SecretPolicy.weakness("Xq7-Lm2p-Rt9w", 16)).isEqualTo("must be at least 16 characters");
    }

    @Test
    void aWeakAccountPasswordOrTokenIsAConfigProblemThatNeverEchoesTheSecret() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(
                f,
                ConfigLoaderTest.MINIMAL
                        .replace("\"pos-secret-1\"", "\"password1234\"")
                        .replace("\"admin-token-0123456789\"", "\"aaaaaaaaaaaaaaaaaaaa\""));
        try {
            new ConfigLoader(Map.of()).load(f);
            throw new AssertionError("weak secrets were accepted");
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .extracting(ConfigProblem::path)
                    .contains("mqtt.accounts[0].password", "http.tokens[0].token");
            assertThat(e.getMessage()).doesNotContain("password1234").doesNotContain("aaaaaaaaaaaaaaaaaaaa");
        }
    }
}
