package id.dapur.edge.agent.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;

/**
 * The alerts of the outlet over HTTP: the open ones, and acknowledging one (who, and what was done),
 * made at a station's screen on behalf of the cook signed in there. Mounted after the bearer-token
 * handler.
 */
public final class AlertsApi {
    private final H2AlertStore alerts;

    public AlertsApi(H2AlertStore alerts) {
        this.alerts = alerts;
    }

    public void mount(Router r) {
        r.get("/api/v1/alerts").handler(this::openAlerts);
        r.post("/api/v1/alerts/:alertId/ack").handler(this::ack);
    }

    private void openAlerts(RoutingContext ctx) {
        if (BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            alerts.open()
                    .onSuccess(list -> Responses.json(ctx, 200, Map.of("alerts", list)))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    /** {@code {"by": "who", "correctiveAction"?: "what was done"}}; repeating the same acknowledgement is fine. */
    private void ack(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS)) {
            return;
        }
        String by;
        String action;
        try {
            JsonNode b = Payloads.parseObject(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
            by = text(b, "by", 100, true);
            action = text(b, "correctiveAction", 1000, false);
        } catch (Problem.Failure f) {
            ApiErrors.send(ctx, f.problem());
            return;
        }
        String id = ctx.pathParam("alertId");
        Caller caller = ctx.get(BearerAuth.CALLER);
        alerts.acknowledge(id, by, action, caller.role() == Role.KDS ? caller.station() : null)
                .onSuccess(ack -> {
                    if (ack.isEmpty()) {
                        ApiErrors.send(ctx, ErrorCode.UNKNOWN_ALERT, "no alert '" + id + "'");
                    } else if (!ack.get().now()
                            && !((by.equals(ack.get().alert().acknowledgedBy())
                                            || by.equals(ack.get().alert().acknowledgedVia()))
                                    && Objects.equals(action, ack.get().alert().correctiveAction()))) {
                        ApiErrors.send(
                                ctx,
                                Problem.of(
                                        ErrorCode.ALREADY_ACKNOWLEDGED,
                                        "alert " + id + " was acknowledged by "
                                                + ack.get().alert().acknowledgedBy() + " at "
                                                + ack.get().alert().acknowledgedAt()));
                    } else {
                        Responses.json(ctx, 200, ack.get().alert());
                    }
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private static String text(JsonNode b, String key, int max, boolean required) {
        JsonNode v = b.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw Problem.of(ErrorCode.INVALID_BODY, key + " is required").asFailure();
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
            throw Problem.of(ErrorCode.INVALID_BODY, key + " must be a text of 1-" + max + " characters")
                    .asFailure();
        }
        return v.asText().strip();
    }
}
