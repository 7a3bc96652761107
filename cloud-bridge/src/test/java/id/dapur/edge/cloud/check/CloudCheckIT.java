package id.dapur.edge.cloud.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.cloud.update.UpdaterIT;
import id.dapur.edge.config.ReleaseKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CloudCheck} against the reference back office, which must pass every step with nothing
 * left untested, and against back offices that deviate: a proxy in front of it that corrupts chosen
 * answers, and a server that answers HTML to everything. Each deviation must be named.
 */
class CloudCheckIT {
    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();
    final List<String> said = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    FakeCloud fake(String outlet, String code) throws Exception {
        FakeCloud cloud = FakeCloud.start();
        cloud.provisioningCode(code);
        cloud.config(outlet, "v7", null, json.readTree("{\"kitchen\":{\"amberAfter\":\"6m\"}}"));
        cloud.command(
                outlet, Map.of("commandId", "c-1", "type", "test-print", "args", Map.of("printerId", "kitchen-1")));
        String[] keys = ReleaseKeys.generate();
        Map<String, Object> release =
                cloud.release(UpdaterIT.jar(dir.resolve("r.jar"), "1.1.0", 100), "1.1.0", keys[0]);
        cloud.command(outlet, Map.of("commandId", "c-2", "type", "update", "args", release));
        cloud.feedOrder(outlet, "f-1", "GRABFOOD", "GF-1", json.readTree("""
                {"orderId":"GF-1","source":"grabfood","channel":"GRABFOOD","placedAt":"2026-12-06T12:00:00Z",
                 "items":[{"lineId":"1","name":"Ayam Geprek","qty":1,"category":"food"}]}"""));
        return cloud;
    }

    CheckReport check(String url, String outlet, String code) throws Exception {
        CloudCheck.Settings s =
                new CloudCheck.Settings(URI.create(url), outlet, code, null, null, null, Duration.ofSeconds(1));
        return new CloudCheck(vertx, s, said::add).run();
    }

    static Status status(CheckReport r, String step) {
        return r.steps().stream()
                .filter(s -> s.name().equals(step))
                .findFirst()
                .orElseThrow()
                .status();
    }

    @Test
    void theReferenceBackOfficeFollowsTheContractInEveryStep() throws Exception {
        try (FakeCloud cloud = fake("jkt-01", "code-0123456789")) {
            CheckReport r = check(cloud.url(), "jkt-01", "code-0123456789");
            assertThat(r.steps()).as(r.text()).allSatisfy(s -> {
                assertThat(s.status()).as(s.name()).isEqualTo(Status.PASS);
                assertThat(s.deviations()).as(s.name()).isEmpty();
            });
            assertThat(r.steps())
                    .extracting(CheckReport.Step::name)
                    .containsExactly(
                            "register",
                            "authentication",
                            "config",
                            "events",
                            "heartbeat",
                            "commands",
                            "feed",
                            "release",
                            "credential");
            assertThat(r.verdict()).isEqualTo(CheckReport.Verdict.PASS);
            assertThat(cloud.duplicates())
                    .as("every event sent again was answered DUPLICATE")
                    .isGreaterThanOrEqualTo(17);
            assertThat(cloud.outOfOrder()).isZero();
            assertThat(cloud.downloads()).isEqualTo(1);
            assertThat(cloud.commandResults())
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.path("code").asText()).isEqualTo("CHECK_ONLY"));
        }
    }

    /** A proxy in front of the fake that rewrites the answers {@code rewrite} picks: a back office with bugs. */
    HttpServer broken(
            FakeCloud cloud, BiFunction<String, String, String> rewrite, BiPredicate<String, Integer> unspend) {
        WebClient to = WebClient.create(vertx);
        return vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    var out = to.requestAbs(req.method(), "http://127.0.0.1:" + cloud.port() + req.uri());
                    req.headers().forEach(h -> {
                        if (!h.getKey().equalsIgnoreCase("If-None-Match")) { // this back office ignores ETags
                            out.putHeader(h.getKey(), h.getValue());
                        }
                    });
                    out.sendBuffer(body)
                            .onSuccess(a -> {
                                String path = req.path();
                                String text = a.bodyAsString() == null ? "" : a.bodyAsString();
                                int status = a.statusCode();
                                if (unspend.test(path, status)) { // takes a spent provisioning code again
                                    status = 201;
                                    text = "{\"deviceId\":\"dev-again\",\"credential\":\"0123456789abcdef0123\"}";
                                }
                                String changed = rewrite.apply(req.method() + " " + path, text);
                                var res = req.response().setStatusCode(status);
                                if (a.getHeader("Content-Type") != null) {
                                    res.putHeader("Content-Type", a.getHeader("Content-Type"));
                                }
                                res.end(changed == null ? "" : changed);
                            })
                            .onFailure(e -> req.response().setStatusCode(502).end());
                }))
                .listen(0, "127.0.0.1")
                .await();
    }

    @Test
    void aBackOfficeWithBugsGetsEachDeviationNamed() throws Exception {
        try (FakeCloud cloud = fake("jkt-02", "code-abcdefghij")) {
            HttpServer proxy = broken(
                    cloud,
                    (call, body) -> {
                        if (call.endsWith("/heartbeat")) {
                            return "{\"serverTime\":42}"; // a number where a date-time is due
                        }
                        if (call.endsWith("/events")) {
                            return body.replaceFirst("\"status\":\"[A-Z]+\",?", ""); // the first result has no status
                        }
                        if (call.contains("/commands") && call.startsWith("GET") && body.contains("c-1")) {
                            return "{\"commands\":\"c-1\"}"; // not a list
                        }
                        return body;
                    },
                    (path, status) -> path.endsWith("/devices/register") && status == 409);
            CheckReport r = check("http://127.0.0.1:" + proxy.actualPort() + "/api", "jkt-02", "code-abcdefghij");
            assertThat(r.verdict()).as(r.text()).isEqualTo(CheckReport.Verdict.FAIL);
            assertThat(status(r, "register")).isEqualTo(Status.FAIL);
            assertThat(String.join("\n", r.steps().get(0).deviations()))
                    .contains("the provisioning code worked a second time");
            assertThat(status(r, "config")).as("no 304 for its own ETag").isEqualTo(Status.WARN);
            assertThat(status(r, "heartbeat")).isEqualTo(Status.FAIL);
            assertThat(status(r, "events")).isEqualTo(Status.FAIL);
            assertThat(status(r, "commands")).isEqualTo(Status.FAIL);
            String all = r.text();
            assertThat(all)
                    .contains("POST /v1/outlets/{outletId}/heartbeat answered 200: /serverTime")
                    .contains(
                            "POST /v1/outlets/{outletId}/events answered 200: /results/0: required property 'status' not found")
                    .contains("GET /v1/outlets/{outletId}/commands answered 200: /commands")
                    .contains("the whole configuration again for the ETag it gave");
            assertThat(r.exitCode()).isEqualTo(1);
            proxy.close().await();
        }
    }

    @Test
    void aServerThatAnswersHtmlIsNotABackOffice() throws Exception {
        HttpServer html = vertx.createHttpServer()
                .requestHandler(req -> req.response()
                        .setStatusCode(200)
                        .putHeader("Content-Type", "text/html")
                        .end("<html><body>It works!</body></html>"))
                .listen(0, "127.0.0.1")
                .await();
        CloudCheck.Settings s = new CloudCheck.Settings(
                URI.create("http://127.0.0.1:" + html.actualPort() + "/api"),
                "jkt-03",
                "code-0123456789",
                null,
                null,
                null,
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> new CloudCheck(vertx, s, said::add).run())
                .isInstanceOf(CloudCheck.CannotCheck.class)
                .hasMessageContaining("does not answer registration as the cloud API says")
                .hasMessageContaining("not JSON");
        html.close().await();
    }

    @Test
    void anUnreachableBackOfficeOrARefusedCodeStopsTheCheckWithTheReason() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> check("http://127.0.0.1:" + closed + "/api", "jkt-04", "code-0123456789"))
                .isInstanceOf(CloudCheck.CannotCheck.class)
                .hasMessageContaining("cannot reach the back office at http://127.0.0.1:" + closed);
        try (FakeCloud cloud = FakeCloud.start()) {
            assertThatThrownBy(() -> check(cloud.url(), "jkt-04", "code-never-issued"))
                    .isInstanceOf(CloudCheck.CannotCheck.class)
                    .hasMessageContaining("refused the provisioning code")
                    .hasMessageContaining("PROVISIONING_CODE_INVALID");
        }
    }
}
