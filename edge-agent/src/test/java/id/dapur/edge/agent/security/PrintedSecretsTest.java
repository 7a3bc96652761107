package id.dapur.edge.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrintedSecretsTest {
    /** One in 64 raw tokens starts with '-': in 5,000 some would, and none may. */
    @Test
    void aPrintedSecretNeverLooksLikeAnOptionAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String s = PrintedSecrets.make();
            assertThat(s).doesNotStartWith("-").matches("[A-Za-z0-9_-]{24}");
            seen.add(s);
        }
        assertThat(seen).hasSize(5_000);
    }
}
