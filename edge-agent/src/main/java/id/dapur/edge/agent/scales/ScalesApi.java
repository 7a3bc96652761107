package id.dapur.edge.agent.scales;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.config.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;

/**
 * The scales over HTTP: each scale's state, a stable weight (waiting up to five seconds), tare and
 * zero. Mounted after the bearer-token handler.
 */
public final class ScalesApi {
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private final ScaleDesk scales;

    public ScalesApi(ScaleDesk scales) {
        this.scales = scales;
    }

    public void mount(Router r) {
        r.get("/api/v1/scales").handler(this::allScales);
        r.get("/api/v1/scales/:scale/weight").handler(this::weight);
        r.post("/api/v1/scales/:scale/tare").handler(ctx -> command(ctx, true));
        r.post("/api/v1/scales/:scale/zero").handler(ctx -> command(ctx, false));
    }

    private void allScales(RoutingContext ctx) {
        if (BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            Responses.json(ctx, 200, Map.of("scales", scales.scales()));
        }
    }

    /** {@code ?wait=ms} (0-5000, default 1500): how long to wait for the pan to settle. */
    private void weight(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS) || !knownScale(ctx)) {
            return;
        }
        long wait;
        try {
            wait = Long.parseLong(
                    ctx.queryParams().get("wait") == null
                            ? "1500"
                            : ctx.queryParams().get("wait"));
            if (wait < 0 || wait > MAX_WAIT.toMillis()) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "wait must be 0-5000 (ms)");
            return;
        }
        scales.weight(ctx.pathParam("scale"), Duration.ofMillis(wait))
                .onSuccess(w -> Responses.json(ctx, 200, ScaleDesk.payload(w)))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void command(RoutingContext ctx, boolean tare) {
        if (BearerAuth.allowed(ctx, Role.KDS, Role.POS) && knownScale(ctx)) {
            scales.command(ctx.pathParam("scale"), tare)
                    .onSuccess(v -> Responses.json(ctx, 200, Map.of("done", tare ? "tare" : "zero")))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    private boolean knownScale(RoutingContext ctx) {
        if (scales.knows(ctx.pathParam("scale"))) {
            return true;
        }
        ApiErrors.send(ctx, ErrorCode.UNKNOWN_SCALE, "no scale '" + ctx.pathParam("scale") + "' at this outlet");
        return false;
    }
}
