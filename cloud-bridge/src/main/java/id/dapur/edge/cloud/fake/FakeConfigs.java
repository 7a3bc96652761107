package id.dapur.edge.cloud.fake;

import static id.dapur.edge.cloud.fake.FakeHttp.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each outlet's configuration as the fake cloud serves it: versioned, with an ETag, 304 when unchanged. */
final class FakeConfigs {
    private final Map<String, ObjectNode> configs = new ConcurrentHashMap<>();

    /** Partner defaults and outlet overrides, at {@code version}. */
    void put(String outletId, String version, JsonNode partner, JsonNode outlet) {
        ObjectNode doc = FakeHttp.JSON.createObjectNode();
        doc.put("version", version);
        doc.set("partner", partner);
        doc.set("outlet", outlet);
        configs.put(outletId, doc);
    }

    /** The outlet's configuration version, or null when it has none. */
    String version(String outletId) {
        ObjectNode doc = configs.get(outletId);
        return doc == null ? null : doc.path("version").asText();
    }

    /** {@code GET /api/v1/outlets/:outlet/config}. */
    void get(RoutingContext ctx) {
        ObjectNode doc = configs.get(ctx.pathParam("outlet"));
        if (doc == null) {
            error(ctx, 404, "NO_CONFIG", "no configuration for this outlet");
            return;
        }
        String etag = "\"" + doc.path("version").asText() + "\"";
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
            return;
        }
        ctx.response()
                .putHeader("ETag", etag)
                .putHeader("Content-Type", "application/json")
                .end(doc.toString());
    }
}
