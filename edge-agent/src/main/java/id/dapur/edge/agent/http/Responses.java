package id.dapur.edge.agent.http;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way the API answers with JSON: status, content type, the body written once, and (when the
 * agent checks itself against its contract) the answer checked against the route's schema.
 */
public final class Responses {
    private Responses() {}

    public static void json(RoutingContext ctx, int status, Object body) {
        String json = body instanceof String s ? s : Json.write(body);
        SelfCheck.http(ctx.request().method().name(), ctx.request().path(), status, "application/json", json);
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(json);
    }
}
