package id.dapur.edge.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password or token. Its {@link #toString()} never reveals the value, so a secret that slips into a
 * log line or an error message shows as {@code ****}. Comparison is constant-time.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The clear value: call only where the secret is really used (authentication). */
    public String reveal() {
        return value;
    }

    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
