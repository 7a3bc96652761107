package id.dapur.edge.cloud.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CloudException;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.ConfigDocument;
import id.dapur.edge.cloud.Credential;
import id.dapur.edge.cloud.Download;
import id.dapur.edge.cloud.EventResult;
import id.dapur.edge.cloud.Exchange;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.OrderFeed;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.check.CheckReport.Step;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.Secret;
import id.dapur.edge.contract.CloudCalls;
import id.dapur.edge.contract.Contract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code dapur-edge cloud-check}: drives a back office through the whole cloud API as an agent would,
 * with the agent's own client ({@link HttpCloudClient}), and holds every answer to
 * {@code cloud-api.yaml}: registration (a made-up code refused, the real one taken once), the
 * credential, configuration and its ETag, event batches (every event type, resends, seq gaps, an
 * invalid event, a thousand at once), the heartbeat, the command and order-feed long-polls, a release
 * download when an update is queued, and credential rotation. Blocking: run it off any event loop.
 */
public final class CloudCheck {
    /** What to check: the back office's address, the outlet, and a provisioning code or an existing credential. */
    public record Settings(
            URI url,
            String outletId,
            String code,
            String deviceId,
            Secret credential,
            Path caFile,
            Duration longPoll) {}

    /** The check cannot run at all (the back office unreachable, the code or credential refused): exit 2. */
    public static final class CannotCheck extends Exception {
        public CannotCheck(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Settings settings;
    private final Consumer<String> say;
    private final HttpCloudClient client;
    private final String base;
    private final String run = "check-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Step> steps = new ArrayList<>();
    private final List<String> deviations = new ArrayList<>();
    private long seq;
    private Command update;
    private int calls;

    public CloudCheck(Vertx vertx, Settings settings, Consumer<String> say) {
        this.vertx = vertx;
        this.settings = settings;
        this.say = say;
        CloudConfig config = CloudConfig.defaults(settings.url(), settings.caFile());
        this.client = new HttpCloudClient(vertx, config, settings.outletId());
        String u = settings.url().toString();
        this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        client.observe(this::observed);
    }

    /** Every answer, held to the document; deviations go to the step under way. */
    private void observed(Exchange x) {
        calls++;
        if (x.status() == 0) {
            return;
        }
        List<String> problems = CloudCalls.answer(x.method(), x.path(), x.status(), x.contentType(), x.answer());
        for (String p : problems) {
            deviate(x.method() + " " + CloudCalls.shape(x.method(), x.path()) + " answered " + x.status() + ": " + p);
        }
    }

    private synchronized void deviate(String d) {
        if (deviations.size() < 50) {
            deviations.add(d);
        }
    }

    public CheckReport run() throws CannotCheck {
        Instant started = Instant.now();
        try {
            register();
            authentication();
            config();
            events();
            heartbeat();
            commands();
            feed();
            release();
            rotation();
        } finally {
            client.close();
        }
        return CheckReport.of(base, started, Instant.now(), steps);
    }

    // ---- the steps

    private void register() throws CannotCheck {
        begin();
        if (settings.code() == null) {
            current = new Credential(settings.deviceId(), settings.credential());
            client.credential(current);
            end(
                    "register",
                    "registration with a one-time provisioning code",
                    Status.NOT_TESTED,
                    "not tried: the check ran on the credential given (--code checks registration)");
            return;
        }
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("outletId", settings.outletId());
        device.put("tenant", "cloud-check");
        device.put("agentVersion", "cloud-check");
        device.put("contractVersion", Contract.get().version());
        List<String> wrong = new ArrayList<>();
        Result<Credential> bogus = call(client.register("cloud-check-not-a-code-" + UUID.randomUUID(), device));
        if (bogus.unreachable()) {
            throw new CannotCheck("cannot reach the back office at " + base + ": "
                    + bogus.error().getMessage());
        }
        if (bogus.ok()) {
            wrong.add(
                    "a made-up provisioning code was taken and a credential issued: any device could join this back office");
        } else if (bogus.error().status() != 401) {
            deviate("a made-up provisioning code got " + bogus.error() + "; the contract says 401");
        }
        Result<Credential> real = call(client.register(settings.code(), device));
        if (!real.ok()) {
            CloudException e = real.error();
            if (e.status() / 100 == 2
                    || e.code().startsWith("INVALID_ANSWER")
                    || e.code().equals("ANSWER_TOO_LARGE")) {
                throw new CannotCheck(base + " does not answer registration as the cloud API says (" + e
                        + "): is it a Dapur Edge back" + " office, and is /api (or its prefix) part of the URL?");
            }
            throw new CannotCheck("the back office refused the provisioning code (" + e
                    + "): ask it for a new code for outlet " + settings.outletId());
        }
        current = real.value();
        client.credential(current);
        Result<Credential> again = call(client.register(settings.code(), device));
        if (again.ok()) {
            wrong.add(
                    "the provisioning code worked a second time; a code is spent once a device has registered with it");
        } else if (again.error().status() != 409) {
            deviate("the spent provisioning code got " + again.error() + "; the contract says 409");
        }
        end(
                "register",
                "registration with a one-time provisioning code",
                wrong,
                "a made-up code refused, the real one exchanged for device "
                        + real.value().deviceId() + " once, then refused as spent");
    }

    private void authentication() {
        begin();
        WebClient raw = WebClient.create(vertx, webOptions());
        List<String> wrong = new ArrayList<>();
        try {
            String path = base + "/v1/outlets/" + settings.outletId() + "/config";
            for (String token : new String[] {null, "cloud-check-not-a-credential-" + UUID.randomUUID()}) {
                var req = raw.getAbs(path).timeout(CALL.toMillis());
                if (token != null) {
                    req.putHeader("Authorization", "Bearer " + token);
                }
                Result<HttpResponse<Buffer>> r = call(req.send());
                String what = token == null ? "no credential" : "a made-up credential";
                if (!r.ok()) {
                    wrong.add("with " + what + " no answer came: " + r.error().getMessage());
                    continue;
                }
                HttpResponse<Buffer> a = r.value();
                if (a.statusCode() / 100 == 2 || a.statusCode() == 304) {
                    wrong.add("with " + what + " the configuration was served (" + a.statusCode()
                            + "): every call but registration needs the device credential");
                } else {
                    for (String p : CloudCalls.answer(
                            "GET", path, a.statusCode(), a.getHeader("Content-Type"), a.bodyAsString())) {
                        deviate("GET /v1/outlets/{outletId}/config with " + what + " answered " + a.statusCode() + ": "
                                + p);
                    }
                    if (a.statusCode() != 401) {
                        deviate("with " + what + " the answer was " + a.statusCode() + "; the contract says 401");
                    }
                }
            }
        } finally {
            raw.close();
        }
        end(
                "authentication",
                "every call but registration needs the device credential",
                wrong,
                "no credential and a made-up one both refused with 401");
    }

    private String configVersion;

    private void config() {
        begin();
        Result<Optional<ConfigDocument>> r = call(client.config(null));
        if (!r.ok()) {
            if (r.error().status() == 404) {
                end(
                        "config",
                        "the outlet's configuration, its ETag and the report on it",
                        Status.NOT_TESTED,
                        "no configuration for outlet " + settings.outletId() + " (404 "
                                + r.error().code() + "): the agent runs on its own file;"
                                + " set one in the back office to check this call");
                return;
            }
            end(
                    "config",
                    "the outlet's configuration, its ETag and the report on it",
                    List.of("no configuration: " + r.error()),
                    "");
            return;
        }
        List<String> wrong = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (r.value().isEmpty()) {
            wrong.add("304 to a request that named no ETag");
        } else {
            ConfigDocument d = r.value().get();
            configVersion = d.version();
            Result<Optional<ConfigDocument>> again = call(client.config(d.etag()));
            if (again.ok() && again.value().isPresent()) {
                warnings.add("the whole configuration again for the ETag it gave (" + d.etag()
                        + "): an agent polls every 5 minutes, so answer 304");
            } else if (!again.ok()) {
                wrong.add("asked again with its ETag: " + again.error());
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("version", d.version());
            report.put("status", "APPLIED");
            report.put("at", Instant.now().toString());
            Result<Void> rep = call(client.configReport(report));
            if (!rep.ok()) {
                wrong.add("the report APPLIED for version " + d.version() + " was refused: " + rep.error());
            }
        }
        deviations.addAll(0, warnings.stream().map(w -> "WARN " + w).toList());
        end(
                "config",
                "the outlet's configuration, its ETag and the report on it",
                wrong,
                "version " + configVersion + " served, 304 for its ETag, the report APPLIED taken");
    }

    private void events() {
        begin();
        List<String> wrong = new ArrayList<>();
        List<JsonNode> samples = CloudCalls.sampleEvents();
        List<CloudEvent> first = new ArrayList<>();
        for (JsonNode s : samples) {
            first.add(event(s.path("type").asText(), s.path("stream").asText(), s.path("payload")));
        }
        Map<String, EventResult> r1 = sendUntilDone(first, wrong);
        for (CloudEvent e : first) {
            EventResult r = r1.get(e.key());
            if (r == null) {
                wrong.add(
                        e.type() + " (" + e.key() + "): still not taken after 5 tries (RETRY or no result each time)");
            } else if (r.status() != EventResult.Status.ACCEPTED) {
                wrong.add(e.type() + " (" + e.key() + "), a valid event sent once: " + r.status() + " " + nz(r.code())
                        + " " + nz(r.message()));
            }
        }
        Map<String, EventResult> r2 = sendUntilDone(first, wrong);
        for (CloudEvent e : first) {
            EventResult r = r2.get(e.key());
            if (r != null && r.status() != EventResult.Status.DUPLICATE) {
                wrong.add(e.type() + " (" + e.key() + ") sent again: " + r.status()
                        + "; a key seen before is DUPLICATE, never applied twice");
            }
        }
        // new events with gaps in seq (a stream's seqs are the outlet's commit order: gaps are normal) among two resent
        // ones
        List<CloudEvent> mixed = new ArrayList<>();
        JsonNode reading = samples.stream()
                .filter(s -> s.path("type").asText().equals("SENSOR_READING"))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < 5; i++) {
            seq += 1 + i * 3;
            mixed.add(event("SENSOR_READING", "readings", reading.path("payload")));
        }
        mixed.add(2, first.get(3));
        mixed.add(first.get(6));
        Map<String, EventResult> r3 = sendUntilDone(mixed, wrong);
        for (CloudEvent e : mixed) {
            EventResult r = r3.get(e.key());
            EventResult.Status want = first.contains(e) ? EventResult.Status.DUPLICATE : EventResult.Status.ACCEPTED;
            if (r == null || r.status() != want) {
                wrong.add("in a batch of new events with gaps in seq and resent ones, " + e.type() + " (" + e.key()
                        + ", seq " + e.seq() + "): " + (r == null ? "not taken" : r.status()) + " where " + want
                        + " is due");
            }
        }
        String invalid = invalidEvent();
        if (invalid != null && !invalid.equals("REJECTED")) {
            deviate("WARN an ORDER whose payload does not match its schema was answered " + invalid
                    + "; REJECTED (with a code) tells the outlet, which keeps it as a dead letter");
        }
        List<CloudEvent> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(event("SENSOR_READING", "readings", reading.path("payload")));
        }
        long t0 = System.nanoTime();
        Map<String, EventResult> r4 = sendUntilDone(many, wrong);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long taken = many.stream()
                .filter(e -> r4.get(e.key()) != null && r4.get(e.key()).status() == EventResult.Status.ACCEPTED)
                .count();
        if (taken != many.size()) {
            wrong.add("a batch of 1,000 readings: " + taken + " ACCEPTED after 5 tries");
        }
        end(
                "events",
                "event batches: every type, resends, gaps, an invalid event, 1,000 at once",
                wrong,
                samples.size()
                        + " event types ACCEPTED once and DUPLICATE when sent again, gaps in seq taken, 1,000 readings in "
                        + ms + " ms");
    }

    /**
     * An ORDER event whose payload is not an order, sent as no agent ever would (so past the agent's
     * client and its self-check); returns the status it got, or null when no result came.
     */
    private String invalidEvent() {
        long s = ++seq;
        ObjectNode body = JSON.createObjectNode().put("batchId", run + "-invalid");
        body.putArray("events")
                .addObject()
                .put("key", run + ":" + s)
                .put("stream", "orders")
                .put("seq", s)
                .put("type", "ORDER")
                .put("at", Instant.now().toString())
                .putObject("payload")
                .put("orderId", 42);
        String path = base + "/v1/outlets/" + settings.outletId() + "/events";
        WebClient raw = WebClient.create(vertx, webOptions());
        try {
            Result<HttpResponse<Buffer>> r = call(raw.postAbs(path)
                    .timeout(CALL.toMillis())
                    .putHeader("Authorization", "Bearer " + current.token().reveal())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body.toString())));
            if (!r.ok()) {
                return null;
            }
            HttpResponse<Buffer> a = r.value();
            observed(new Exchange(
                    "POST",
                    path,
                    a.statusCode(),
                    a.getHeader("Content-Type"),
                    body.toString(),
                    a.bodyAsString(),
                    0,
                    null));
            JsonNode results = JSON.readTree(a.bodyAsString() == null ? "{}" : a.bodyAsString())
                    .path("results");
            return results.isArray() && !results.isEmpty()
                    ? results.get(0).path("status").asText(null)
                    : null;
        } catch (IOException e) {
            return null;
        } finally {
            raw.close();
        }
    }

    private WebClientOptions webOptions() {
        WebClientOptions o = new WebClientOptions().setUserAgent("dapur-edge cloud-check");
        if ("https".equals(settings.url().getScheme())) {
            o.setSsl(true).setVerifyHost(true);
            if (settings.caFile() != null) {
                o.setTrustOptions(
                        new PemTrustOptions().addCertPath(settings.caFile().toString()));
            }
        }
        return o;
    }

    /** Sends until every event has a final answer or 5 tries are done; deviations for results about keys not sent. */
    private Map<String, EventResult> sendUntilDone(List<CloudEvent> events, List<String> wrong) {
        Map<String, EventResult> done = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.key()));
        List<CloudEvent> pending = new ArrayList<>(events);
        for (int attempt = 1; attempt <= 5 && !pending.isEmpty(); attempt++) {
            Result<List<EventResult>> r = call(client.send(run + "-batch-" + UUID.randomUUID(), pending));
            if (!r.ok()) {
                if (!r.error().retryable()) {
                    wrong.add("a batch of " + pending.size() + " events was refused: " + r.error());
                    return done;
                }
                pause(Duration.ofSeconds(1));
                continue;
            }
            for (EventResult er : r.value()) {
                if (!keys.contains(er.key())) {
                    deviate("a result for key '" + er.key() + "', which was not in the batch");
                } else if (er.status().done()) {
                    done.putIfAbsent(er.key(), er);
                }
            }
            pending.removeIf(e -> done.containsKey(e.key()));
            if (!pending.isEmpty()) {
                pause(Duration.ofMillis(500));
            }
        }
        return done;
    }

    private CloudEvent event(String type, String stream, JsonNode payload) {
        long s = ++seq;
        String text = payload.toString();
        return new CloudEvent(s, run + ":" + s, stream, type, Instant.now(), text, text.length() + 64);
    }

    private void heartbeat() {
        begin();
        Result<Map<String, Object>> r = call(client.heartbeat(heartbeatBody()));
        List<String> wrong = new ArrayList<>();
        String detail = "taken";
        if (!r.ok()) {
            wrong.add("refused: " + r.error());
        } else {
            Object v = r.value().get("configVersion");
            detail = "taken" + (v == null ? "" : "; it names configuration version " + v)
                    + (r.value().containsKey("serverTime")
                            ? ", server time " + r.value().get("serverTime")
                            : "");
        }
        end("heartbeat", "fleet health", wrong, detail);
    }

    private Map<String, Object> heartbeatBody() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("outletId", settings.outletId());
        h.put("agentVersion", "cloud-check");
        h.put("contractVersion", Contract.get().version());
        h.put("startedAt", Instant.now().minusSeconds(60).toString());
        h.put("uptimeSeconds", 60);
        h.put("configVersion", configVersion);
        h.put("at", Instant.now().toString());
        h.put("update", Map.of("state", "IDLE", "version", "cloud-check", "supported", false));
        h.put("printers", List.of());
        h.put("sensors", List.of());
        h.put("screens", List.of(Map.of("station", "kitchen", "connected", 1)));
        h.put(
                "outbox",
                Map.of(
                        "events",
                        0,
                        "bytes",
                        0,
                        "budgetBytes",
                        256L << 20,
                        "oldestAgeSeconds",
                        0,
                        "shedEvents",
                        0,
                        "deadLetters",
                        0));
        return h;
    }

    private void commands() {
        begin();
        int wait = (int) Math.max(1, settings.longPoll().toSeconds());
        long t0 = System.nanoTime();
        Result<List<Command>> r = call(client.commands(wait));
        double took = (System.nanoTime() - t0) / 1e9;
        List<String> wrong = new ArrayList<>();
        String title = "the command long-poll and command results";
        if (!r.ok()) {
            end("commands", title, List.of("the long-poll failed: " + r.error()), "");
            return;
        }
        if (r.value().isEmpty()) {
            if (took < wait * 0.5) {
                deviate(String.format(
                        "WARN an empty answer after %.1f s of the %d s asked: hold the long-poll, so a command reaches the outlet"
                                + " the moment it is queued instead of at the next poll",
                        took, wait));
            }
            end(
                    "commands",
                    title,
                    deviations.stream().anyMatch(d -> !d.startsWith("WARN"))
                            ? Status.FAIL
                            : deviations.isEmpty() ? Status.NOT_TESTED : Status.WARN,
                    String.format(
                            "no command queued for outlet %s (the long-poll held"
                                    + " %.1f s): queue one (test-print is harmless) and run again to check delivery and results",
                            settings.outletId(), took));
            return;
        }
        Set<String> ids = new HashSet<>();
        for (Command c : r.value()) {
            ids.add(c.commandId());
            if (!settings.outletId().equals(c.outletId())) {
                wrong.add(
                        "command " + c.commandId() + " names outlet " + c.outletId() + ", not " + settings.outletId());
            }
            if ("update".equals(c.type())) {
                update = c;
            }
            Result<Void> res = call(client.commandResult(
                    c.commandId(),
                    CommandResult.refused("CHECK_ONLY", "cloud-check drives the cloud API; it runs no command")));
            if (!res.ok()) {
                wrong.add("the result of command " + c.commandId() + " was refused: " + res.error());
            }
        }
        Result<List<Command>> again = call(client.commands(1));
        if (again.ok() && again.value().stream().anyMatch(c -> ids.contains(c.commandId()))) {
            deviate(
                    "WARN a command came again after its result was posted; the agent answers a repeat with the first result, but it costs a"
                            + " round trip each poll");
        }
        end(
                "commands",
                title,
                wrong,
                (ids.size() == 1 ? "1 command" : ids.size() + " commands") + " delivered (" + String.join(", ", ids)
                        + ") and answered REFUSED CHECK_ONLY");
    }

    private void feed() {
        begin();
        int wait = (int) Math.max(1, settings.longPoll().toSeconds());
        String title = "the order feed long-poll and its cursor";
        Result<OrderFeed.Page> r = call(client.orderFeed(null, wait));
        if (!r.ok()) {
            end("feed", title, List.of("the long-poll failed: " + r.error()), "");
            return;
        }
        if (r.value().orders().isEmpty()) {
            end(
                    "feed",
                    title,
                    deviations.isEmpty() ? Status.NOT_TESTED : Status.FAIL,
                    "no delivery order on the feed of outlet " + settings.outletId()
                            + ": put one on it and run again to check entries and the cursor");
            return;
        }
        List<String> wrong = new ArrayList<>();
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        r.value().orders().forEach(o -> seen.put(o.feedId(), o.order()));
        Result<OrderFeed.Page> next = call(client.orderFeed(r.value().cursor(), 1));
        if (next.ok()) {
            next.value().orders().stream()
                    .filter(o -> seen.containsKey(o.feedId()))
                    .forEach(
                            o -> wrong.add(
                                    "entry " + o.feedId()
                                            + " came again after the cursor its page gave: the cursor must move past what it answered"));
        }
        Result<OrderFeed.Page> replay = call(client.orderFeed(null, 1));
        if (replay.ok()) {
            for (OrderFeed.FeedOrder o : replay.value().orders()) {
                JsonNode before = seen.get(o.feedId());
                if (before != null && !before.equals(o.order())) {
                    wrong.add("entry " + o.feedId()
                            + " carried another order when asked for again: an entry must always carry the same order");
                }
            }
        }
        end(
                "feed",
                title,
                wrong,
                (seen.size() == 1 ? "1 entry" : seen.size() + " entries")
                        + ", the cursor moved past them, asked again from the start they were the same");
    }

    private void release() {
        begin();
        String title = "a release download named by an update command";
        if (update == null) {
            end(
                    "release",
                    title,
                    Status.NOT_TESTED,
                    "no update command was queued: queue one (docs/fleet.md) to check the release download");
            return;
        }
        JsonNode a = update.args();
        String url = a.path("url").asText("");
        long size = a.path("size").asLong(0);
        String sha = a.path("sha256").asText("");
        Path file;
        try {
            file = Files.createTempFile("cloud-check-release-", ".jar");
        } catch (IOException e) {
            end("release", title, Status.NOT_TESTED, "no temporary file to download into: " + e.getMessage());
            return;
        }
        try {
            Result<Download> d = call(client.download(url, file, Math.max(1, size) + 1));
            List<String> wrong = new ArrayList<>();
            if (!d.ok()) {
                wrong.add("the release " + url + " could not be downloaded: " + d.error());
            } else {
                if (d.value().bytes() != size) {
                    wrong.add("the release has " + d.value().bytes() + " bytes; the update command says " + size);
                }
                if (!d.value().sha256().equalsIgnoreCase(sha)) {
                    wrong.add("the release's SHA-256 is " + d.value().sha256() + "; the update command says " + sha);
                }
            }
            end(
                    "release",
                    title,
                    wrong,
                    "version " + a.path("version").asText() + ": " + size + " bytes, SHA-256 as the command says");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    private void rotation() {
        begin();
        String title = "credential rotation: the new one works, the old one stops";
        if (settings.code() == null) {
            end(
                    "credential",
                    title,
                    Status.NOT_TESTED,
                    "not tried: rotating the credential given would revoke it (--code checks rotation"
                            + " on a device of the check's own)");
            return;
        }
        List<String> wrong = new ArrayList<>();
        Credential before = current;
        Result<Credential> fresh = call(client.rotateCredential());
        if (!fresh.ok()) {
            end("credential", title, List.of("rotation refused: " + fresh.error()), "");
            return;
        }
        current = fresh.value();
        client.credential(current);
        Result<Map<String, Object>> withNew = call(client.heartbeat(heartbeatBody()));
        if (!withNew.ok()) {
            wrong.add("the new credential does not work: " + withNew.error());
        }
        // the old one: a client of its own, so the check's client keeps the new credential
        HttpCloudClient old = new HttpCloudClient(
                vertx, CloudConfig.defaults(settings.url(), settings.caFile()), settings.outletId());
        try {
            old.credential(before);
            Result<Map<String, Object>> withOld = call(old.heartbeat(heartbeatBody()));
            if (withOld.ok()) {
                wrong.add(
                        "the old credential still works after the new one was used: a leaked credential could not be revoked");
            } else if (withOld.error().status() != 401) {
                deviate("the old credential got " + withOld.error() + "; the contract says 401");
            }
        } finally {
            old.close();
        }
        end("credential", title, wrong, "a new credential issued and used; the old one refused with 401");
    }

    /** The credential the check's client uses. */
    private Credential current;

    // ---- bookkeeping

    private void begin() {
        deviations.clear();
    }

    private void end(String name, String title, Status status, String detail) {
        List<String> d = List.copyOf(deviations);
        steps.add(new Step(name, title, status, detail, d));
        say.accept(String.format("%-10s %-14s %s", status, name, detail));
    }

    /** A step's end: FAIL with {@code wrong} (and any deviation from the document), WARN with warnings only, else PASS. */
    private void end(String name, String title, List<String> wrong, String good) {
        List<String> all = new ArrayList<>(wrong);
        all.addAll(deviations);
        boolean failed = !wrong.isEmpty() || deviations.stream().anyMatch(d -> !d.startsWith("WARN "));
        Status s = failed ? Status.FAIL : deviations.isEmpty() ? Status.PASS : Status.WARN;
        String detail = failed ? (wrong.isEmpty() ? "answers that are not as the contract says" : wrong.get(0)) : good;
        steps.add(new Step(name, title, s, detail, all));
        say.accept(String.format("%-10s %-14s %s", s, name, detail));
    }

    private record Result<T>(T value, CloudException error) {
        boolean ok() {
            return error == null;
        }

        boolean unreachable() {
            return error != null && error.status() == 0;
        }
    }

    /** Waits for a call; a failure becomes a {@link CloudException} (no answer: status 0). */
    private <T> Result<T> call(Future<T> f) {
        try {
            T v = f.toCompletionStage().toCompletableFuture().get(CALL.toSeconds() + 30, TimeUnit.SECONDS);
            return new Result<>(v, null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return new Result<>(null, c instanceof CloudException ce ? ce : CloudException.network(String.valueOf(c)));
        } catch (TimeoutException e) {
            return new Result<>(null, CloudException.network("no answer within " + (CALL.toSeconds() + 30) + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result<>(null, CloudException.network("interrupted"));
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // between retries of one blocking command-line check, never on an event loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** How many calls the check made. */
    public int calls() {
        return calls;
    }
}
