package id.dapur.edge.cloud.fake;

import static id.dapur.edge.cloud.fake.FakeHttp.body;
import static id.dapur.edge.cloud.fake.FakeHttp.json;
import static id.dapur.edge.cloud.fake.FakeHttp.parseInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A cloud back office that follows the cloud API (contract/cloud-api.yaml), in memory, for tests and
 * the demo. It records what it receives (events in the order applied, with a count of repeats and of
 * any event applied out of its stream's order), and can be told to misbehave: fail with a status
 * (5xx, 429 with Retry-After), stall, drop connections, acknowledge only part of a batch, reject
 * events, or serve an invalid configuration. Handlers run on its own event loop; the accessors
 * are safe from any thread.
 */
public final class FakeCloud implements AutoCloseable {
    /** An event as applied: its stream, seq, type and payload. */
    public record Received(String key, String stream, long seq, String type, JsonNode payload) {}

    private final Vertx vertx;
    private final boolean ownVertx;
    private HttpServer server;
    private final FakeDevices devices = new FakeDevices();
    private final FakeLedger ledger = new FakeLedger();
    private final FakeCommands commands;
    private final FakeOrderFeed feed;
    private final List<JsonNode> heartbeats = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonNode> configReports = Collections.synchronizedList(new ArrayList<>());
    private final FakeConfigs configs = new FakeConfigs();
    private final FakeFaults faults = new FakeFaults();
    private final FakeReleases releases;

    private FakeCloud(Vertx vertx, boolean ownVertx) {
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.commands = new FakeCommands(vertx);
        this.feed = new FakeOrderFeed(vertx);
        this.releases = new FakeReleases(vertx);
    }

    /** Starts on a free loopback port, plain HTTP. */
    public static FakeCloud start() {
        return start(Vertx.vertx(), true, 0, null);
    }

    /** Starts on {@code port} (0: any), over TLS with {@code tls} if given. */
    public static FakeCloud start(Vertx vertx, boolean ownVertx, int port, KeyCertOptions tls) {
        FakeCloud f = new FakeCloud(vertx, ownVertx);
        HttpServerOptions o = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
        if (tls != null) {
            o.setSsl(true).setKeyCertOptions(tls);
        }
        f.server = vertx.createHttpServer(o).requestHandler(f.router()).listen().await();
        return f;
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL the agent's {@code cloud.url} names ({@code host} as given, e.g. localhost for TLS). */
    public String url(String scheme, String host) {
        return scheme + "://" + host + ":" + port() + "/api";
    }

    public String url() {
        return url("http", "127.0.0.1");
    }

    // ---- what the test or demo sets up

    /** A one-time provisioning code that the next registration may use. */
    public FakeCloud provisioningCode(String code) {
        devices.provisioningCode(code);
        return this;
    }

    /** The outlet's configuration: partner defaults and outlet overrides, at {@code version}. */
    public FakeCloud config(String outletId, String version, JsonNode partner, JsonNode outlet) {
        configs.put(outletId, version, partner, outlet);
        return this;
    }

    /** Queues a command for an outlet (answered to the next or waiting long-poll). */
    public void command(String outletId, Map<String, Object> command) {
        ObjectNode c = FakeHttp.JSON.valueToTree(command);
        if (!c.has("outletId")) {
            c.put("outletId", outletId);
        }
        if (!c.has("issuedAt")) {
            c.put("issuedAt", Instant.now().toString());
        }
        commands.queue(outletId, c);
    }

    /**
     * Offers a release for download at {@code /api/v1/releases/<file name>} (device credential needed) and
     * returns what an {@code update} command carries: version, url, sha256, size and the Ed25519
     * signature made with {@code privateKey} (base64 PKCS#8; ReleaseKeys.generate()).
     */
    public Map<String, Object> release(Path jar, String version, String privateKey) throws Exception {
        return releases.release(url(), jar, version, privateKey);
    }

    /** How many release downloads were answered. */
    public int downloads() {
        return releases.downloads();
    }

    /** Starts a staged rollout (one outlet, 10%, all) of a release from {@link #release}; it advances on heartbeats. */
    public FakeRollout rollout(List<String> outlets, Map<String, Object> release) {
        return releases.rollout(outlets, release, this::lastHeartbeat, commands::resultOf, this::command);
    }

    private JsonNode lastHeartbeat(String outlet) {
        synchronized (heartbeats) {
            for (int i = heartbeats.size() - 1; i >= 0; i--) {
                if (outlet.equals(heartbeats.get(i).path("outletId").asText())) {
                    return heartbeats.get(i);
                }
            }
        }
        return null;
    }

    /** Audit entries that did not continue the chain's head this cloud held (each answered REJECTED AUDIT_CHAIN_BROKEN). */
    public int auditBreaks() {
        return ledger.auditBreaks.get();
    }

    /** The audit chain's head as this cloud last saw it. */
    public String auditHead() {
        return ledger.auditHead;
    }

    /** Puts a delivery order on an outlet's order feed (answered to the next or waiting long-poll). */
    public void feedOrder(String outletId, String feedId, String platform, String platformOrderId, JsonNode order) {
        feed.add(outletId, FakeOrderFeed.entry(feedId, platform, platformOrderId, order));
    }

    /** On: the feed serves from its start whatever cursor the agent sends (a cloud that lost track). */
    public void replayFeed(boolean on) {
        feed.replay(on);
    }

    /** How many feed polls were answered or are waiting. */
    public int feedPolls() {
        return feed.polls();
    }

    /** Every call fails with {@code status} the next {@code times} times ({@code -1}: until {@link #heal()}). */
    public void fail(int status, int times) {
        faults.fail(status, times);
    }

    /** Event batches get no answer at all (the agent's request times out). */
    public void stall(boolean on) {
        faults.stall(on);
    }

    /** Event batches are applied, then get no answer (the worst case: the agent cannot know they arrived). */
    public void applyThenStall(boolean on) {
        faults.applyThenStall = on;
    }

    /** Every request's connection is closed without an answer. */
    public void dropConnections(boolean on) {
        faults.drop = on;
    }

    /** Applies and answers only the first {@code n} events of each batch (the rest are left out of the answer). */
    public void acknowledgeAtMost(int n) {
        ledger.ackAtMost = n;
    }

    /** Events matching this are answered REJECTED (and not applied). */
    public void reject(Predicate<JsonNode> which) {
        ledger.reject = which;
    }

    /** Whether each event is held to its schema and REJECTED (INVALID_EVENT) when it does not match it; on by default. */
    public FakeCloud validateEvents(boolean on) {
        ledger.validate = on;
        return this;
    }

    /** Whether applied events keep their payload (off for benchmarks: keys, streams and seqs only). */
    public FakeCloud keepPayloads(boolean on) {
        ledger.keepPayloads = on;
        return this;
    }

    /** Back to normal. */
    public void heal() {
        faults.heal();
        ledger.ackAtMost = Integer.MAX_VALUE;
        ledger.reject = e -> false;
    }

    // ---- what it saw

    public List<Received> events() {
        return ledger.events();
    }

    public List<Received> events(String stream) {
        return events().stream().filter(e -> e.stream().equals(stream)).toList();
    }

    /** How many events the ledger applied (each key once). */
    public int applied() {
        return ledger.size();
    }

    public int duplicates() {
        return ledger.duplicates.get();
    }

    /** Events applied with a lower seq than one already applied on the same stream (must stay 0). */
    public int outOfOrder() {
        return ledger.outOfOrder.get();
    }

    public int batches() {
        return ledger.batches.get();
    }

    public int registrations() {
        return devices.registrations();
    }

    public List<JsonNode> heartbeats() {
        synchronized (heartbeats) {
            return List.copyOf(heartbeats);
        }
    }

    public List<JsonNode> configReports() {
        synchronized (configReports) {
            return List.copyOf(configReports);
        }
    }

    public List<JsonNode> commandResults() {
        return commands.results();
    }

    /** Tokens the cloud accepts now (for rotation tests). */
    public int liveTokens() {
        return devices.liveTokens();
    }

    @Override
    public void close() {
        releases.close();
        server.close().await();
        if (ownVertx) {
            vertx.close().await();
        }
    }

    // ---- the contract

    private Router router() {
        Router r = Router.router(vertx);
        r.route().handler(faults::handle);
        r.route().handler(BodyHandler.create().setBodyLimit(16 << 20));
        r.post("/api/v1/devices/register").handler(devices::register);
        r.post("/api/v1/devices/:deviceId/credential").handler(ctx -> devices.authenticated(ctx, devices::rotate));
        r.get("/api/v1/outlets/:outlet/config").handler(ctx -> authenticated(ctx, configs::get));
        r.post("/api/v1/outlets/:outlet/config/reports")
                .handler(ctx -> authenticated(ctx, c -> record(c, configReports)));
        r.post("/api/v1/outlets/:outlet/events").handler(ctx -> authenticated(ctx, this::events));
        r.post("/api/v1/outlets/:outlet/heartbeat").handler(ctx -> authenticated(ctx, this::heartbeat));
        r.get("/api/v1/outlets/:outlet/commands").handler(ctx -> authenticated(ctx, this::getCommands));
        r.post("/api/v1/outlets/:outlet/commands/:id/result").handler(ctx -> authenticated(ctx, this::commandResult));
        r.get("/api/v1/outlets/:outlet/orders/feed")
                .handler(ctx -> authenticated(
                        ctx,
                        c -> feed.poll(
                                c,
                                c.pathParam("outlet"),
                                c.request().getParam("after"),
                                Math.max(0, Math.min(120, parseInt(c.request().getParam("wait")))))));
        r.get("/api/v1/releases/:name").handler(ctx -> authenticated(ctx, releases::download));
        r.get("/fake/status").handler(this::status);
        return r;
    }

    private void events(RoutingContext ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        ArrayNode results = ledger.apply(ctx.pathParam("outlet"), body.path("events"));
        if (faults.applyThenStall) {
            return; // applied, never answered
        }
        json(ctx, 200, Map.of("results", results));
    }

    private void heartbeat(RoutingContext ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return;
        }
        heartbeats.add(body);
        String version = configs.version(ctx.pathParam("outlet"));
        Map<String, Object> answer = new HashMap<>();
        answer.put("serverTime", Instant.now().toString());
        if (version != null) {
            answer.put("configVersion", version);
        }
        json(ctx, 200, answer);
    }

    private void getCommands(RoutingContext ctx) {
        commands.poll(
                ctx,
                ctx.pathParam("outlet"),
                Math.max(0, Math.min(120, parseInt(ctx.request().getParam("wait")))));
    }

    private void commandResult(RoutingContext ctx) {
        JsonNode body = body(ctx);
        if (body != null) {
            commands.result(ctx.pathParam("id"), body);
            ctx.response().setStatusCode(204).end();
        }
    }

    private void record(RoutingContext ctx, List<JsonNode> into) {
        JsonNode body = body(ctx);
        if (body != null) {
            into.add(body);
            ctx.response().setStatusCode(204).end();
        }
    }

    private void status(RoutingContext ctx) {
        json(
                ctx,
                200,
                Map.of(
                        "events",
                        ledger.size(),
                        "duplicates",
                        ledger.duplicates.get(),
                        "outOfOrder",
                        ledger.outOfOrder.get(),
                        "batches",
                        ledger.batches.get(),
                        "heartbeats",
                        heartbeats.size(),
                        "registrations",
                        devices.registrations(),
                        "lastHeartbeat",
                        heartbeats.isEmpty() ? Map.of() : heartbeats.get(heartbeats.size() - 1)));
    }

    private void authenticated(RoutingContext ctx, Consumer<RoutingContext> then) {
        devices.authenticated(ctx, then);
    }
}
