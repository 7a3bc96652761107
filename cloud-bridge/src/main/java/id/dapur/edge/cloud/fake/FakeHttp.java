package id.dapur.edge.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;

/** The fake cloud's JSON in and out, in the contract's one error shape. */
final class FakeHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private FakeHttp() {}

    static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static JsonNode body(RoutingContext ctx) {
        try {
            JsonNode n = JSON.readTree(ctx.body().asString("UTF-8"));
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException | RuntimeException ignored) {
            // falls through to the error
        }
        error(ctx, 400, "INVALID_BODY", "the body must be a JSON object");
        return null;
    }

    static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (IOException e) {
            ctx.fail(e);
        }
    }
}
