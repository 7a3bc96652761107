package id.dapur.edge.cloud.fake;

import static id.dapur.edge.cloud.fake.FakeHttp.body;
import static id.dapur.edge.cloud.fake.FakeHttp.error;
import static id.dapur.edge.cloud.fake.FakeHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The fake cloud's device identities: one-time provisioning codes, registration, credentials and their
 * rotation (the old credential is revoked once the new one is used), and the bearer check every other
 * call goes through.
 */
final class FakeDevices {
    /** A handler that needs the caller's device and token. */
    @FunctionalInterface
    interface TokenHandler {
        void handle(RoutingContext ctx, String device, String token);
    }

    private final Map<String, Boolean> codes = new ConcurrentHashMap<>(); // code -> used
    private final Map<String, String> tokens = new ConcurrentHashMap<>(); // token -> deviceId
    private final Map<String, String> pendingTokens = new ConcurrentHashMap<>(); // new token -> old token
    private final AtomicInteger registrations = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();

    void provisioningCode(String code) {
        codes.put(code, false);
    }

    int registrations() {
        return registrations.get();
    }

    int liveTokens() {
        return tokens.size();
    }

    void register(RoutingContext ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        String code = body.path("provisioningCode").asText("");
        Boolean used = codes.get(code);
        if (used == null) {
            error(ctx, 401, "PROVISIONING_CODE_INVALID", "no such provisioning code");
            return;
        }
        if (used || !codes.replace(code, false, true)) {
            error(ctx, 409, "PROVISIONING_CODE_USED", "this provisioning code was used already");
            return;
        }
        registrations.incrementAndGet();
        String device = "dev-" + body.path("outletId").asText("x") + "-" + registrations.get();
        String token = newToken();
        tokens.put(token, device);
        json(ctx, 201, Map.of("deviceId", device, "credential", token));
    }

    void rotate(RoutingContext ctx, String device, String token) {
        String fresh = newToken();
        tokens.put(fresh, device);
        pendingTokens.put(fresh, token);
        json(ctx, 200, Map.of("deviceId", device, "credential", fresh));
    }

    /** Runs {@code then} with the device and token if the bearer token is live; 401 otherwise. */
    void authenticated(RoutingContext ctx, TokenHandler then) {
        String h = ctx.request().getHeader("Authorization");
        String token = h != null && h.startsWith("Bearer ") ? h.substring(7) : "";
        String device = tokens.get(token);
        if (device == null) {
            error(ctx, 401, "INVALID_CREDENTIAL", "unknown or revoked device credential");
            return;
        }
        String old = pendingTokens.remove(token);
        if (old != null) {
            tokens.remove(old); // the new credential is in use: the old one is revoked
        }
        then.handle(ctx, device, token);
    }

    void authenticated(RoutingContext ctx, Consumer<RoutingContext> then) {
        authenticated(ctx, (c, d, t) -> then.accept(c));
    }

    private String newToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
