package id.dapur.edge.agent.web;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error body of the API: {@code {"error": {"code", "message", "details"?}}}. */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void send(RoutingContext ctx, int status, String code, String message) {
        send(ctx, status, Problem.of(code, message));
    }

    static void send(RoutingContext ctx, int status, Problem p) {
        if (ctx.response().ended()) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", p.code());
        error.put("message", p.message());
        if (!p.details().isEmpty()) {
            error.put("details", p.details());
        }
        if (p.retryable()) {
            ctx.response().putHeader("Retry-After", "1");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(Map.of("error", error)));
    }

    /** HTTP status for a contract error code. */
    static int statusOf(Problem p) {
        return switch (p.code()) {
            case "INVALID_JSON", "NOT_UTF8", "INVALID_BODY" -> 400;
            case "PAYLOAD_TOO_LARGE" -> 413;
            case "INVALID_ORDER", "INVALID_VOID", "INVALID_ACTION", "UNKNOWN_LINE", "INVALID_AVAILABILITY", "UNKNOWN_SKU",
                 "INVALID_SHOWN", "INVALID_WASTE", "INVALID_STAFF", "UNKNOWN_STAFF" -> 422;
            case "WRONG_PIN" -> 401;
            case "STAFF_LOCKED" -> 429;
            case "UNKNOWN_STATION" -> 404;
            case "WASTE_CONFLICT" -> 409;
            case "UNKNOWN_ORDER", "UNKNOWN_TICKET", "NOT_FOUND", "UNKNOWN_PRINTER", "UNKNOWN_SCALE", "UNKNOWN_ALERT" -> 404;
            case "SCALE_UNSTABLE", "SCALE_OVERLOAD", "SCALE_NEGATIVE", "SCALE_REFUSED", "NOT_SUPPORTED", "ALREADY_ACKNOWLEDGED" -> 409;
            case "SCALE_OFFLINE" -> 503;
            case "ORDER_CONFLICT", "ACTION_CONFLICT", "ACTION_NOT_ALLOWED", "NOT_READY", "SERVED_AT_EXPO",
                 "RECALL_WINDOW_PASSED", "TICKET_VOIDED", "NOTHING_TO_ACKNOWLEDGE", "NOT_AT_EXPO", "COURSE_HELD", "NOTHING_HELD",
                 "NO_PRINTER" -> 409;
            case "FORBIDDEN", "FORBIDDEN_STATION" -> 403;
            default -> p.retryable() ? 503 : 500;
        };
    }

    static void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof Problem.Failure f) {
            send(ctx, statusOf(f.problem()), f.problem());
        } else {
            LOG.warn("request failed [method: {}, path: {}, error: {}]", ctx.request().method(), ctx.request().path(), e.toString(), e);
            send(ctx, 503, Problem.retryable("STORAGE_UNAVAILABLE", "the request could not be completed; try again"));
        }
    }
}
