package id.dapur.edge.agent.support;

import java.util.Map;

/**
 * A contract error: an {@code UPPER_SNAKE} code, a message naming what is wrong, optional details,
 * and whether trying again can help (server-side trouble) or not (bad input).
 */
public record Problem(String code, String message, Map<String, Object> details, boolean retryable) {

    public Problem {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Problem of(String code, String message) {
        return new Problem(code, message, Map.of(), false);
    }

    public static Problem retryable(String code, String message) {
        return new Problem(code, message, Map.of(), true);
    }

    public Problem withDetail(String key, Object value) {
        java.util.HashMap<String, Object> d = new java.util.HashMap<>(details);
        d.put(key, value);
        return new Problem(code, message, d, retryable);
    }

    /** Carries a {@link Problem} through a failed future. */
    public static final class Failure extends RuntimeException {
        private final transient Problem problem;

        public Failure(Problem problem) {
            super(problem.code() + ": " + problem.message(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public Failure asFailure() {
        return new Failure(this);
    }
}
