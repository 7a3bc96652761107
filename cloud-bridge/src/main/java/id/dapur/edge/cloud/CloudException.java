package id.dapur.edge.cloud;

import java.time.Duration;

/**
 * A cloud call that failed: the HTTP status (0 when no answer came), the contract's error code, and
 * whether trying again can help (network errors, 408, 429, 5xx) or not (4xx: the request or the
 * credential is wrong).
 */
public final class CloudException extends RuntimeException {
    private final int status;
    private final String code;
    private final Duration retryAfter;

    public CloudException(int status, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static CloudException network(String message) {
        return new CloudException(0, "UNREACHABLE", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** What the cloud asked for with {@code Retry-After}, if anything. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    @Override
    public String toString() {
        return (status == 0 ? "" : "HTTP " + status + " ") + code + ": " + getMessage();
    }
}
