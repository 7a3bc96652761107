package id.dapur.edge.cloud.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.cloud.CloudException;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.Credential;
import id.dapur.edge.cloud.Exchange;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.check.CheckReport.Step;
import id.dapur.edge.cloud.check.CloudCheck.Settings;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.contract.CloudCalls;
import id.dapur.edge.contract.Contract;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What one run of {@link CloudCheck} shares between its steps: the agent's client and the settings,
 * the run's id and event seq, what earlier steps learnt (the credential, the configuration version,
 * an update command), the steps' results and the deviations from the contract seen in the step under
 * way; and the bookkeeping every step uses: a blocking call, a step's end, the heartbeat's body.
 */
final class CheckRun {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CALL = Duration.ofSeconds(60);

    final Vertx vertx;
    final Settings settings;
    final Consumer<String> say;
    final HttpCloudClient client;
    final String base;
    final String run = "check-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Step> steps = new ArrayList<>();
    final List<String> deviations = new ArrayList<>();
    long seq;
    int calls;
    /** The credential the check's client uses. */
    Credential current;
    /** The configuration version the back office served, for the heartbeat. */
    String configVersion;
    /** An update command delivered by the command step, for the release step. */
    Command update;

    CheckRun(Vertx vertx, Settings settings, Consumer<String> say) {
        this.vertx = vertx;
        this.settings = settings;
        this.say = say;
        CloudConfig config = CloudConfig.defaults(settings.url(), settings.caFile());
        this.client = new HttpCloudClient(vertx, config, settings.outletId());
        String u = settings.url().toString();
        this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        client.observe(this::observed);
    }

    void begin() {
        deviations.clear();
    }

    /** Every answer, held to the document; deviations go to the step under way. */
    void observed(Exchange x) {
        calls++;
        if (x.status() == 0) {
            return;
        }
        List<String> problems = CloudCalls.answer(x.method(), x.path(), x.status(), x.contentType(), x.answer());
        for (String p : problems) {
            deviate(x.method() + " " + CloudCalls.shape(x.method(), x.path()) + " answered " + x.status() + ": " + p);
        }
    }

    synchronized void deviate(String d) {
        if (deviations.size() < 50) {
            deviations.add(d);
        }
    }

    WebClientOptions webOptions() {
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

    Map<String, Object> heartbeatBody() {
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

    void end(String name, String title, Status status, String detail) {
        List<String> d = List.copyOf(deviations);
        steps.add(new Step(name, title, status, detail, d));
        say.accept(String.format("%-10s %-14s %s", status, name, detail));
    }

    /** A step's end: FAIL with {@code wrong} (and any deviation from the document), WARN with warnings only, else PASS. */
    void end(String name, String title, List<String> wrong, String good) {
        List<String> all = new ArrayList<>(wrong);
        all.addAll(deviations);
        boolean failed = !wrong.isEmpty() || deviations.stream().anyMatch(d -> !d.startsWith("WARN "));
        Status s = failed ? Status.FAIL : deviations.isEmpty() ? Status.PASS : Status.WARN;
        String detail = failed ? (wrong.isEmpty() ? "answers that are not as the contract says" : wrong.get(0)) : good;
        steps.add(new Step(name, title, s, detail, all));
        say.accept(String.format("%-10s %-14s %s", s, name, detail));
    }

    /** Waits for a call; a failure becomes a {@link CloudException} (no answer: status 0). */
    <T> Result<T> call(Future<T> f) {
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

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // between retries of one blocking command-line check, never on an event loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    record Result<T>(T value, CloudException error) {
        boolean ok() {
            return error == null;
        }

        boolean unreachable() {
            return error != null && error.status() == 0;
        }
    }
}
