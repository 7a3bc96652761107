package id.dapur.edge.agent.cloud;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/cloud} (admin): the bridge's state: registration, reachability and breaker,
 * outbox backlog, bytes against the budget, age of the oldest event, drain rate and time to empty,
 * what the budget shed, the configuration version. {@code 404 NO_CLOUD} when no cloud is configured.
 */
public final class CloudApi {
    private final Supplier<CloudLink> cloud;

    public CloudApi(Supplier<CloudLink> cloud) {
        this.cloud = cloud;
    }

    public void mount(Router r) {
        r.get("/api/v1/cloud").handler(this::status);
    }

    private void status(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        CloudLink c = cloud.get();
        if (c == null) {
            ApiErrors.send(
                    ctx, ErrorCode.NO_CLOUD, "no cloud is configured (cloud.url), or the bridge has not started");
            return;
        }
        c.status().onSuccess(s -> Responses.json(ctx, 200, s)).onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
