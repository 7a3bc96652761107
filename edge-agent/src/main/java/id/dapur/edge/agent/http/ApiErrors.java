package id.dapur.edge.agent.http;

import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error body of the API: {@code {"error": {"code", "message", "details"?}}}. */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    /** Where the problem an error answer carries is kept in its routing context (the API reads it back to log and count the answer). */
    public static final String PROBLEM = "dapur.problem";

    private ApiErrors() {}

    public static void send(RoutingContext ctx, ErrorCode code, String message) {
        send(ctx, Problem.of(code, message));
    }

    /** Answers with the problem, at the HTTP status its code always has. */
    public static void send(RoutingContext ctx, Problem p) {
        send(ctx, p.error().httpStatus(), p);
    }

    /**
     * Answers with the problem at another status than its code's own, where the contract says so: a
     * waste entry whose scale cannot give a stable weight is 409 whatever the scale's code.
     */
    public static void send(RoutingContext ctx, int status, Problem p) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.put(PROBLEM, p);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", p.code());
        error.put("message", p.message());
        if (!p.details().isEmpty()) {
            error.put("details", p.details());
        }
        if (p.retryable()) {
            ctx.response().putHeader("Retry-After", "1");
        }
        Responses.json(ctx, status, Map.of("error", error));
    }

    public static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof Problem.Failure f) {
            send(ctx, f.problem());
        } else {
            LOG.warn(
                    "request failed [method: {}, path: {}, error: {}]",
                    ctx.request().method(),
                    ctx.request().path(),
                    e.toString(),
                    e);
            send(ctx, Problem.of(ErrorCode.STORAGE_UNAVAILABLE, "the request could not be completed; try again"));
        }
    }
}
