package id.dapur.edge.cloud;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.Secret;
import id.dapur.edge.contract.SelfCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link CloudClient} over HTTPS with Vert.x's web client. TLS is verified (certificate chain and host
 * name) against the JVM's trust store, or only against {@code cloud.caFile} when one is configured.
 * Bodies are bounded: an answer over 4 MiB is refused.
 */
public final class HttpCloudClient implements CloudClient {
    /** Times as ISO-8601 text, as everywhere in the contract (an Instant in a device report was written as epoch seconds). */
    static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final int MAX_ANSWER = 4 << 20;

    private final Vertx vertx;
    private final WebClient web;
    private final String base;
    private final String outletPath;
    private final long timeoutMs;
    private volatile Credential credential;
    private volatile boolean closed;
    private volatile Consumer<Exchange> observer;

    public HttpCloudClient(Vertx vertx, CloudConfig config, String outletId) {
        WebClientOptions o = new WebClientOptions()
                .setUserAgent("dapur-edge")
                .setConnectTimeout(10_000)
                .setKeepAlive(true)
                .setDecompressionSupported(true);
        if ("https".equals(config.url().getScheme())) {
            o.setSsl(true).setVerifyHost(true).setTrustAll(false);
            if (config.caFile() != null) {
                o.setTrustOptions(
                        new PemTrustOptions().addCertPath(config.caFile().toString()));
            }
        }
        this.vertx = vertx;
        this.web = WebClient.create(vertx, o);
        String url = config.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.outletPath = base + "/v1/outlets/" + URLEncoder.encode(outletId, StandardCharsets.UTF_8);
        this.timeoutMs = config.requestTimeout().toMillis();
    }

    /** Sees every call from now on (on the caller's context: it must not block). */
    public void observe(Consumer<Exchange> observer) {
        this.observer = observer;
    }

    @Override
    public void credential(Credential credential) {
        this.credential = credential;
    }

    @Override
    public Future<Credential> register(String provisioningCode, Map<String, Object> device) {
        Map<String, Object> body = new LinkedHashMap<>(device);
        body.put("provisioningCode", provisioningCode);
        return call(web.requestAbs(HttpMethod.POST, base + "/v1/devices/register"), body, false, timeoutMs)
                .map(HttpCloudClient::credentialOf);
    }

    @Override
    public Future<Credential> rotateCredential() {
        Credential c = credential;
        String path = base + "/v1/devices/" + URLEncoder.encode(c == null ? "-" : c.deviceId(), StandardCharsets.UTF_8)
                + "/credential";
        return call(web.requestAbs(HttpMethod.POST, path), Map.of(), true, timeoutMs)
                .map(HttpCloudClient::credentialOf);
    }

    private static Credential credentialOf(HttpResponse<Buffer> r) {
        JsonNode n = tree(r);
        String id = n.path("deviceId").asText("");
        String token = n.path("credential").asText("");
        if (id.isEmpty() || token.length() < 16) {
            throw new CloudException(
                    r.statusCode(), "INVALID_ANSWER", "the cloud's answer has no deviceId or credential", null);
        }
        return new Credential(id, new Secret(token));
    }

    @Override
    public Future<Optional<ConfigDocument>> config(String etag) {
        HttpRequest<Buffer> req = web.requestAbs(HttpMethod.GET, outletPath + "/config");
        if (etag != null) {
            req.putHeader("If-None-Match", etag);
        }
        return call(req, null, true, timeoutMs).map(r -> {
            if (r.statusCode() == 304) {
                return Optional.empty();
            }
            JsonNode n = tree(r);
            String version = n.path("version").asText("");
            if (version.isEmpty()) {
                throw new CloudException(r.statusCode(), "INVALID_ANSWER", "the configuration has no version", null);
            }
            String tag = r.getHeader("ETag");
            return Optional.of(new ConfigDocument(
                    version, tag == null ? "\"" + version + "\"" : tag, n.get("partner"), n.get("outlet")));
        });
    }

    @Override
    public Future<Void> configReport(Map<String, Object> report) {
        return call(web.requestAbs(HttpMethod.POST, outletPath + "/config/reports"), report, true, timeoutMs)
                .mapEmpty();
    }

    @Override
    public Future<List<EventResult>> send(String batchId, List<CloudEvent> events) {
        // a batch is up to a few MiB of JSON: built and read on a worker, not on the agent's event loop
        return vertx.executeBlocking(() -> batchBody(batchId, events), false)
                .compose(body -> call(web.requestAbs(HttpMethod.POST, outletPath + "/events"), body, true, timeoutMs))
                .compose(r -> vertx.executeBlocking(() -> results(r), false));
    }

    private static List<EventResult> results(HttpResponse<Buffer> r) {
        JsonNode results = tree(r).path("results");
        List<EventResult> out = new ArrayList<>(results.size());
        for (JsonNode n : results) {
            EventResult.Status s;
            try {
                s = EventResult.Status.valueOf(n.path("status").asText(""));
            } catch (IllegalArgumentException e) {
                s = EventResult.Status.RETRY; // a status this agent does not know: keep the event
            }
            out.add(new EventResult(n.path("key").asText(""), s, text(n, "code"), text(n, "message")));
        }
        return out;
    }

    /** The batch as JSON, each payload written raw (it is JSON already): no parse and re-serialise per event. */
    static Buffer batchBody(String batchId, List<CloudEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                events.stream().mapToInt(CloudEvent::bytes).sum() + 64);
        try (JsonGenerator g = JSON.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("batchId", batchId);
            g.writeArrayFieldStart("events");
            for (CloudEvent e : events) {
                g.writeStartObject();
                g.writeStringField("key", e.key());
                g.writeStringField("stream", e.stream());
                g.writeNumberField("seq", e.seq());
                g.writeStringField("type", e.type());
                g.writeStringField("at", e.at().toString());
                g.writeFieldName("payload");
                g.writeRawValue(e.payload());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Future<Map<String, Object>> heartbeat(Map<String, Object> heartbeat) {
        return call(web.requestAbs(HttpMethod.POST, outletPath + "/heartbeat"), heartbeat, true, timeoutMs)
                .map(r ->
                        r.body() == null || r.body().length() == 0 ? Map.of() : JSON.convertValue(tree(r), Map.class));
    }

    @Override
    public Future<List<Command>> commands(int waitSeconds) {
        HttpRequest<Buffer> req = web.requestAbs(HttpMethod.GET, outletPath + "/commands?wait=" + waitSeconds);
        return call(req, null, true, waitSeconds * 1000L + timeoutMs).map(r -> {
            if (r.statusCode() == 204) {
                return List.<Command>of();
            }
            JsonNode list = tree(r).path("commands");
            List<Command> out = new ArrayList<>();
            if (list instanceof ArrayNode) {
                for (JsonNode n : list) {
                    out.add(new Command(
                            n.path("commandId").asText(""),
                            n.path("outletId").asText(""),
                            n.path("type").asText(""),
                            n.path("args"),
                            instant(n, "issuedAt"),
                            instant(n, "expiresAt")));
                }
            }
            return out;
        });
    }

    @Override
    public Future<OrderFeed.Page> orderFeed(String cursor, int waitSeconds) {
        String path = outletPath + "/orders/feed?wait=" + waitSeconds
                + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        return call(web.requestAbs(HttpMethod.GET, path), null, true, waitSeconds * 1000L + timeoutMs)
                .map(r -> {
                    JsonNode body = tree(r);
                    List<OrderFeed.FeedOrder> out = new ArrayList<>();
                    JsonNode list = body.path("orders");
                    if (list instanceof ArrayNode) {
                        for (JsonNode n : list) {
                            out.add(new OrderFeed.FeedOrder(
                                    n.path("feedId").asText(""),
                                    n.path("platform").asText(""),
                                    n.path("platformOrderId").asText(""),
                                    n.get("order")));
                        }
                    }
                    String next = body.path("cursor").isTextual()
                            ? body.path("cursor").asText()
                            : cursor;
                    return new OrderFeed.Page(out, next);
                });
    }

    @Override
    public Future<Void> commandResult(String commandId, CommandResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.status());
        if (result.code() != null) {
            body.put("code", result.code());
        }
        body.put("message", result.message());
        body.put("detail", result.detail());
        String path = outletPath + "/commands/" + URLEncoder.encode(commandId, StandardCharsets.UTF_8) + "/result";
        return call(web.requestAbs(HttpMethod.POST, path), body, true, timeoutMs)
                .mapEmpty();
    }

    @Override
    public Future<Download> download(String url, Path target, long maxBytes) {
        if (!url.startsWith(base + "/") || url.contains("/../") || url.contains("#")) {
            return Future.failedFuture(new CloudException(
                    0, "RELEASE_NOT_AT_CLOUD", "the release URL is not under the cloud's address " + base, null));
        }
        Credential c = credential;
        if (c == null) {
            return Future.failedFuture(
                    new CloudException(401, "NOT_REGISTERED", "the device has no credential yet", null));
        }
        return Download.fetch(
                vertx,
                web.getAbs(url)
                        .timeout(timeoutMs)
                        .putHeader("Authorization", "Bearer " + c.token().reveal()),
                target,
                maxBytes);
    }

    @Override
    public void close() {
        closed = true;
        web.close();
    }

    private Future<HttpResponse<Buffer>> call(
            HttpRequest<Buffer> req, Object body, boolean authenticated, long timeout) {
        if (closed) {
            // a retry timer that fires after shutdown: the call is refused, never thrown at the event loop
            return Future.failedFuture(CloudException.network("the cloud client is closed (the bridge stopped)"));
        }
        req.timeout(timeout).putHeader("Accept", "application/json");
        if (authenticated) {
            Credential c = credential;
            if (c == null) {
                return Future.failedFuture(
                        new CloudException(401, "NOT_REGISTERED", "the device has no credential yet", null));
            }
            req.putHeader("Authorization", "Bearer " + c.token().reveal());
        }
        Future<HttpResponse<Buffer>> sent;
        String path = req.uri().split("\\?", 2)[0];
        String requestText = null;
        long t0 = System.nanoTime();
        try {
            if (body == null) {
                SelfCheck.cloud(req.method().name(), path, null);
                sent = req.send();
            } else {
                Buffer b = body instanceof Buffer buf ? buf : Buffer.buffer(write(body));
                requestText = observer == null && !SelfCheck.on() ? null : b.toString(StandardCharsets.UTF_8);
                SelfCheck.cloud(req.method().name(), path, requestText);
                sent = req.putHeader("Content-Type", "application/json").sendBuffer(b);
            }
        } catch (IllegalStateException e) {
            if (!closed) {
                throw e;
            }
            // closed between the check above and the send: the same answer as the check gives
            return Future.failedFuture(CloudException.network("the cloud client is closed (the bridge stopped)"));
        }
        Consumer<Exchange> watcher = observer;
        if (watcher != null) {
            String method = req.method().name();
            String sentText = requestText;
            sent = sent.andThen(ar -> watcher.accept(
                    ar.succeeded()
                            ? Exchange.answered(method, path, ar.result(), sentText, System.nanoTime() - t0)
                            : Exchange.failed(method, path, sentText, System.nanoTime() - t0, describe(ar.cause()))));
        }
        return sent.recover(e -> Future.failedFuture(CloudException.network(describe(e))))
                .compose(r -> {
                    if (r.body() != null && r.body().length() > MAX_ANSWER) {
                        return Future.failedFuture(new CloudException(
                                r.statusCode(), "ANSWER_TOO_LARGE", "the cloud answered more than 4 MiB", null));
                    }
                    if (r.statusCode() >= 200 && r.statusCode() < 300 || r.statusCode() == 304) {
                        return Future.succeededFuture(r);
                    }
                    return Future.failedFuture(error(r));
                });
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static CloudException error(HttpResponse<Buffer> r) {
        String code = "HTTP_" + r.statusCode();
        String message = r.statusMessage();
        try {
            JsonNode n = JSON.readTree(r.body() == null ? new byte[0] : r.body().getBytes())
                    .path("error");
            code = n.path("code").asText(code);
            message = n.path("message").asText(message);
        } catch (IOException | RuntimeException ignored) {
            // not the contract's error shape (a proxy's page): keep the status
        }
        Duration retryAfter = null;
        String ra = r.getHeader("Retry-After");
        if (ra != null && ra.matches("\\d{1,6}")) {
            retryAfter = Duration.ofSeconds(Long.parseLong(ra));
        }
        return new CloudException(r.statusCode(), code, message, retryAfter);
    }

    private static JsonNode tree(HttpResponse<Buffer> r) {
        try {
            return JSON.readTree(r.body() == null ? new byte[0] : r.body().getBytes());
        } catch (IOException e) {
            throw new CloudException(r.statusCode(), "INVALID_ANSWER", "the cloud's answer is not JSON", null);
        }
    }

    static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
