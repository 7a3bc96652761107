package id.dapur.edge.agent.web;

import id.dapur.edge.config.HttpConfig.ApiToken;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code Authorization: Bearer <token>} against {@code http.tokens}. Every token is compared in
 * constant time, so timing does not tell how much of a guess was right. 401 without a valid token.
 */
public final class BearerAuth implements Handler<RoutingContext> {
    static final String CALLER = "caller";
    private final List<ApiToken> tokens;

    public BearerAuth(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    Caller authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return caller(header.substring(7).trim());
    }

    /** Who holds this token, or null (kitchen screens present theirs in their first message). */
    public Caller caller(String presented) {
        Caller found = null;
        for (ApiToken t : tokens) {
            if (t.token().matches(presented) && found == null) {
                found = new Caller(t.name(), t.role(), t.station());
            }
        }
        return found;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Caller caller = authenticate(ctx.request().getHeader("Authorization"));
        if (caller == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ApiErrors.send(ctx, 401, "UNAUTHORIZED", "a valid bearer token is required (Authorization: Bearer <token>)");
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }
}
