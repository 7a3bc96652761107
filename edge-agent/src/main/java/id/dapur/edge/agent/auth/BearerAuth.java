package id.dapur.edge.agent.auth;

import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.config.HttpConfig.ApiToken;
import id.dapur.edge.config.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Bearer tokens ({@code http.tokens}) for the API, the kitchen-screen pages and their WebSockets,
 * with the per-address lock-out of the contract. Every token is compared in constant time, so timing
 * does not tell how much of a guess was right. 401 without a valid token; 429
 * {@code TOO_MANY_FAILED_LOGINS} with {@code Retry-After} while the caller's address is locked out,
 * even with a good token.
 */
public final class BearerAuth implements Handler<RoutingContext> {
    public static final String CALLER = "caller";
    private final List<ApiToken> tokens;
    private final LoginLimiter limiter;

    /** The outcome of presenting a token. */
    public sealed interface Login permits Granted, Denied, LockedOut {}

    public record Granted(Caller caller) implements Login {}

    /** No token, or a wrong one (counted towards the lock-out only when one was presented). */
    public record Denied() implements Login {}

    public record LockedOut(long retryAfterSeconds) implements Login {}

    public BearerAuth(List<ApiToken> tokens, LoginLimiter limiter) {
        this.tokens = List.copyOf(tokens);
        this.limiter = limiter;
    }

    /** Checks a presented token from {@code address} on {@code listener} (http, ws, kds-page). */
    public Login login(String address, String presented, String listener) {
        long locked = limiter.lockedFor(address, listener);
        if (locked > 0) {
            return new LockedOut(locked);
        }
        if (presented == null || presented.isEmpty()) {
            return new Denied();
        }
        Caller c = caller(presented);
        if (c == null) {
            limiter.failed(address, listener, "token of " + presented.length() + " chars", "unknown token");
            return new Denied();
        }
        return new Granted(c);
    }

    /** Who holds this token, or null. Does not count failures: use {@link #login} for anything a client presents. */
    Caller caller(String presented) {
        Caller found = null;
        for (ApiToken t : tokens) {
            if (t.token().matches(presented) && found == null) {
                found = new Caller(t.name(), t.role(), t.station());
            }
        }
        return found;
    }

    public static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        Login login = login(address(ctx), presented, "http");
        if (login instanceof Granted g) {
            ctx.put(CALLER, g.caller());
            ctx.next();
        } else if (login instanceof LockedOut l) {
            tooMany(ctx, l.retryAfterSeconds());
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ApiErrors.send(
                    ctx, ErrorCode.UNAUTHORIZED, "a valid bearer token is required (Authorization: Bearer <token>)");
        }
    }

    public static void tooMany(RoutingContext ctx, long retryAfterSeconds) {
        ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        ApiErrors.send(
                ctx,
                ErrorCode.TOO_MANY_FAILED_LOGINS,
                "too many failed logins from this address; try again in " + retryAfterSeconds + " s");
    }

    /** Who made this request (set by the handler before any route runs). */
    public static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    /** Whether the caller has one of the roles (admin always may); answers 403 {@code FORBIDDEN} if not. */
    public static boolean allowed(RoutingContext ctx, Role... roles) {
        if (caller(ctx).is(roles)) {
            return true;
        }
        ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "role " + caller(ctx).role().wireName() + " may not do this");
        return false;
    }

    /** A kds token may act for its own station only; admin for any. Answers 403 when not. */
    public static boolean atOwnStation(RoutingContext ctx, String station) {
        if (!allowed(ctx, Role.KDS)) {
            return false;
        }
        Caller c = caller(ctx);
        if (c.role() == Role.KDS && !station.equals(c.station())) {
            ApiErrors.send(
                    ctx, ErrorCode.FORBIDDEN_STATION, "a " + c.station() + " screen may not sign in at " + station);
            return false;
        }
        return true;
    }
}
