package id.dapur.edge.agent.support;

import java.util.HashMap;
import java.util.Map;

/**
 * A refusal: an {@link ErrorCode} (which says whether trying again can help), a message naming what
 * is wrong, and optional details (e.g. {@code field}, the JSON path of the field).
 */
public record Problem(ErrorCode error, String message, Map<String, Object> details) {

    public Problem {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Problem of(ErrorCode error, String message) {
        return new Problem(error, message, Map.of());
    }

    /** The code as it is written on the wire. */
    public String code() {
        return error.name();
    }

    public boolean retryable() {
        return error.retryable();
    }

    public Problem withDetail(String key, Object value) {
        HashMap<String, Object> d = new HashMap<>(details);
        d.put(key, value);
        return new Problem(error, message, d);
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
