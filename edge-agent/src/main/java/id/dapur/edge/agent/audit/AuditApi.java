package id.dapur.edge.agent.audit;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Requests;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit trail over HTTP, admin only: pages of entries, and a walk of the chain. */
public final class AuditApi {
    private final Vertx vertx;
    private final Database db;

    public AuditApi(Vertx vertx, Database db) {
        this.vertx = vertx;
        this.db = db;
    }

    public void mount(Router r) {
        r.get("/api/v1/audit").handler(this::page);
        r.get("/api/v1/audit/verify").handler(this::verify);
    }

    private void page(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        Integer limit = Requests.intParam(ctx, "limit", 100, 1, 1000);
        if (limit == null) {
            return;
        }
        long after;
        try {
            after = ctx.queryParams().get("after") == null
                    ? 0
                    : Long.parseLong(ctx.queryParams().get("after"));
        } catch (NumberFormatException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "after must be an entry's seq");
            return;
        }
        H2AuditTrail.page(vertx, db, after, limit)
                .onSuccess(list -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("entries", list);
                    if (list.size() == limit) {
                        out.put("next", list.get(list.size() - 1).seq());
                    }
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void verify(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx)) {
            return;
        }
        H2AuditTrail.verify(vertx, db)
                .onSuccess(r -> Responses.json(ctx, 200, r))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
