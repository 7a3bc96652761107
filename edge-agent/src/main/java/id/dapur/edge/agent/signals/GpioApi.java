package id.dapur.edge.agent.signals;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * GPIO over HTTP: the outputs and inputs as they are now, and an input simulated (for a technician
 * testing the door contact without opening the door). Mounted after the bearer-token handler.
 */
public final class GpioApi {
    private final KitchenSignals signals;

    public GpioApi(KitchenSignals signals) {
        this.signals = signals;
    }

    public void mount(Router r) {
        r.get("/api/v1/gpio").handler(this::gpio);
        r.post("/api/v1/gpio/inputs/:input/simulate").handler(this::simulate);
    }

    private void gpio(RoutingContext ctx) {
        if (BearerAuth.allowed(ctx, Role.KDS)) {
            Responses.json(
                    ctx, 200, signals == null ? Map.of("outputs", Map.of(), "inputs", Map.of()) : signals.state());
        }
    }

    /** Demo and test aid: {@code {"active": true}} on a mock input, as a person at the door would. */
    private void simulate(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        try {
            JsonNode b = Payloads.parseObject(
                    ctx.body().buffer() == null
                            ? new byte[0]
                            : ctx.body().buffer().getBytes());
            if (signals == null || b.get("active") == null || !b.get("active").isBoolean()) {
                throw Problem.of(
                                ErrorCode.INVALID_BODY,
                                signals == null ? "no GPIO is configured" : "active must be true or false")
                        .asFailure();
            }
            signals.simulate(ctx.pathParam("input"), b.get("active").booleanValue());
            Responses.json(ctx, 200, signals.state());
        } catch (Problem.Failure f) {
            ApiErrors.send(ctx, f.problem());
        } catch (IllegalArgumentException | IllegalStateException e) {
            ApiErrors.send(ctx, ErrorCode.NOT_SUPPORTED, e.getMessage());
        }
    }
}
