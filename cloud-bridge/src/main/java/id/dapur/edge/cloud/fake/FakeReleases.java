package id.dapur.edge.cloud.fake;

import static id.dapur.edge.cloud.fake.FakeHttp.error;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.ReleaseKeys;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The fake cloud's releases (served to devices for the {@code update} command) and the staged rollouts that send them. */
final class FakeReleases {
    private final Vertx vertx;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private final List<Long> rolloutTimers = Collections.synchronizedList(new ArrayList<>());

    FakeReleases(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Offers {@code jar} under {@code baseUrl/v1/releases/}; returns the signed {@code update} command's args. */
    Map<String, Object> release(String baseUrl, Path jar, String version, String privateKey) throws Exception {
        String hex =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        String name = "dapur-edge-" + version + "-" + hex.substring(0, 8) + ".jar";
        files.put(name, jar);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("version", version);
        args.put("url", baseUrl + "/v1/releases/" + name);
        args.put("sha256", hex);
        args.put("size", Files.size(jar));
        args.put("signature", ReleaseKeys.sign(privateKey, version, hex));
        return args;
    }

    int downloads() {
        return downloads.get();
    }

    /** {@code GET /api/v1/releases/:name} (authenticated by the caller). */
    void download(RoutingContext ctx) {
        Path jar = files.get(ctx.pathParam("name"));
        if (jar == null) {
            error(ctx, 404, "NO_RELEASE", "no such release");
            return;
        }
        downloads.incrementAndGet();
        ctx.response().putHeader("Content-Type", "application/java-archive").sendFile(jar.toString());
    }

    /** Starts a rollout that advances on what {@code lastHeartbeat} and {@code resultOf} show, sending with {@code send}. */
    FakeRollout rollout(
            List<String> outlets,
            Map<String, Object> release,
            Function<String, JsonNode> lastHeartbeat,
            Function<String, JsonNode> resultOf,
            BiConsumer<String, Map<String, Object>> send) {
        FakeRollout r = new FakeRollout(outlets, release);
        rolloutTimers.add(vertx.setPeriodic(200, t -> r.tick(lastHeartbeat, resultOf, send)));
        vertx.runOnContext(v -> r.tick(lastHeartbeat, resultOf, send));
        return r;
    }

    void close() {
        rolloutTimers.forEach(vertx::cancelTimer);
    }
}
