package id.dapur.edge.cloud.check;

import id.dapur.edge.cloud.ConfigDocument;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.check.CheckRun.Result;
import id.dapur.edge.config.Secret;
import io.vertx.core.Vertx;
import java.net.URI;
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

    private final CheckRun ctx;

    public CloudCheck(Vertx vertx, Settings settings, Consumer<String> say) {
        this.ctx = new CheckRun(vertx, settings, say);
    }

    public CheckReport run() throws CannotCheck {
        Instant started = Instant.now();
        AccessSteps access = new AccessSteps(ctx);
        PollSteps polls = new PollSteps(ctx);
        try {
            access.register();
            access.authentication();
            config();
            new EventSteps(ctx).events();
            heartbeat();
            polls.commands();
            polls.feed();
            polls.release();
            access.rotation();
        } finally {
            ctx.client.close();
        }
        return CheckReport.of(ctx.base, started, Instant.now(), ctx.steps);
    }

    private void config() {
        ctx.begin();
        Result<Optional<ConfigDocument>> r = ctx.call(ctx.client.config(null));
        if (!r.ok()) {
            if (r.error().status() == 404) {
                ctx.end(
                        "config",
                        "the outlet's configuration, its ETag and the report on it",
                        Status.NOT_TESTED,
                        "no configuration for outlet " + ctx.settings.outletId() + " (404 "
                                + r.error().code() + "): the agent runs on its own file;"
                                + " set one in the back office to check this call");
                return;
            }
            ctx.end(
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
            ctx.configVersion = d.version();
            Result<Optional<ConfigDocument>> again = ctx.call(ctx.client.config(d.etag()));
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
            Result<Void> rep = ctx.call(ctx.client.configReport(report));
            if (!rep.ok()) {
                wrong.add("the report APPLIED for version " + d.version() + " was refused: " + rep.error());
            }
        }
        ctx.deviations.addAll(0, warnings.stream().map(w -> "WARN " + w).toList());
        ctx.end(
                "config",
                "the outlet's configuration, its ETag and the report on it",
                wrong,
                "version " + ctx.configVersion + " served, 304 for its ETag, the report APPLIED taken");
    }

    private void heartbeat() {
        ctx.begin();
        Result<Map<String, Object>> r = ctx.call(ctx.client.heartbeat(ctx.heartbeatBody()));
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
        ctx.end("heartbeat", "fleet health", wrong, detail);
    }

    /** How many calls the check made. */
    public int calls() {
        return ctx.calls;
    }
}
