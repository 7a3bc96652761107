package id.dapur.edge.cloud;

import java.util.Map;

/**
 * How a command ended: {@code SUCCEEDED}, {@code FAILED} (tried, did not work), {@code REFUSED} (not
 * run) or {@code DEFERRED} (accepted, waiting for a moment it may run in: an update waiting for a
 * quiet kitchen; what became of it shows in the heartbeat).
 */
public record CommandResult(String status, String code, String message, Map<String, Object> detail) {
    public static CommandResult succeeded(String message, Map<String, Object> detail) {
        return new CommandResult("SUCCEEDED", null, message, detail);
    }

    public static CommandResult failed(String code, String message) {
        return new CommandResult("FAILED", code, message, Map.of());
    }

    public static CommandResult refused(String code, String message) {
        return new CommandResult("REFUSED", code, message, Map.of());
    }

    public static CommandResult deferred(String code, String message, Map<String, Object> detail) {
        return new CommandResult("DEFERRED", code, message, detail);
    }
}
