package id.dapur.edge.cloud.update;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.cloud.CloudClient;
import id.dapur.edge.cloud.CloudException;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.config.ReleaseKeys;
import id.dapur.edge.config.UpdateConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote command {@code update} (docs/fleet.md): checks the release's signature before anything
 * is downloaded, downloads it into the data dir (streamed and hashed), checks size, SHA-256 and the
 * version inside the jar, installs it beside the running one, marks it as the trial in
 * {@link BootFile}, and once the command's result is journalled restarts the process; the launcher
 * then starts the trial, which commits itself once healthy — or is rolled back by the launcher at
 * the next start. Every step leaves the boot file either as it was or whole in its next state, so a
 * power cut anywhere leaves a version that starts.
 *
 * <p>A restart takes every screen offline for seconds, so a checked release is installed only when
 * {@link UpdateWindow} allows (the outlet's update hours, a quiet kitchen); otherwise the command is
 * answered {@code DEFERRED} with the reason, the release is kept in {@code deferred.json} beside the
 * boot file (a restart meanwhile does not lose it) and looked at again every
 * {@code maintenance.recheck}. A later update command replaces it; {@code force: true} installs at once.
 */
public final class Updater {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);

    /** Where an update stands, for the heartbeat ({@code TRIAL} is read from the boot file: this process is the trial). */
    public enum State {
        IDLE,
        DEFERRED,
        DOWNLOADING,
        RESTARTING,
        TRIAL,
        FAILED
    }

    /**
     * What the launcher told the process: where releases live, which slot it started ({@code packaged}
     * or a version) and how to restart the process into the next one.
     */
    public record Launch(Path releases, String slot, Runnable restart) {}

    private final Vertx vertx;
    private final CloudClient client;
    private final UpdateConfig config;
    private final Launch launch;
    private final String version;
    private final Clock clock;
    private volatile State state = State.IDLE;
    private volatile String target;
    private volatile String updateId;
    private volatile String problem;
    /** The boot file as last read (on a worker; the heartbeat runs on the event loop and may not read files). */
    private volatile BootFile boot;

    private volatile IOException bootProblem;

    /** The update waiting for a quiet moment; null: updates install whenever told. */
    private final Deferral deferral;

    /** An updater that installs whenever told (no update hours, the kitchen not looked at). */
    public Updater(Vertx vertx, CloudClient client, UpdateConfig config, Launch launch, String version, Clock clock) {
        this(vertx, client, config, launch, version, clock, null);
    }

    public Updater(
            Vertx vertx,
            CloudClient client,
            UpdateConfig config,
            Launch launch,
            String version,
            Clock clock,
            UpdateWindow window) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
        this.launch = launch;
        this.version = version;
        this.clock = clock;
        this.deferral = window == null || launch == null
                ? null
                : new Deferral(vertx, launch.releases(), window, clock, new Deferral.Owner() {
                    @Override
                    public boolean waiting() {
                        return state == State.DEFERRED;
                    }

                    @Override
                    public void waits(DeferredUpdate d) {
                        state = State.DEFERRED;
                        target = d.release().version();
                        updateId = d.commandId();
                        problem = null;
                    }

                    @Override
                    public void problem(String p) {
                        problem = p;
                    }

                    @Override
                    public Future<CommandResult> install(Command c, Release rel, Consumer<Runnable> afterReport) {
                        return Updater.this.install(c, rel, afterReport);
                    }
                });
        refresh();
        if (deferral != null) {
            deferral.restore(version, config.maxBytes(), () -> state == State.IDLE);
        }
    }

    private void refresh() {
        if (launch == null) {
            return;
        }
        vertx.executeBlocking(() -> BootFile.read(launch.releases())).onComplete(ar -> {
            if (ar.succeeded()) {
                boot = ar.result();
                bootProblem = null;
            } else {
                bootProblem = ar.cause() instanceof IOException io ? io : new IOException(ar.cause());
            }
        });
    }

    /**
     * For the heartbeat: the version running, from which slot, the update under way, the last outcome.
     * From the boot file as last read; each call reads it again for the next (a version on trial commits
     * itself after the bridge started).
     */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("state", state.name());
        r.put("version", version);
        r.put("supported", launch != null);
        if (launch != null) {
            r.put("slot", launch.slot());
            BootFile b = boot;
            IOException p = bootProblem;
            refresh();
            if (p != null) {
                r.put("bootFileProblem", p.toString());
            } else if (b != null) {
                if (launch.slot().equals(b.trial())) {
                    r.put("state", State.TRIAL.name());
                }
                r.put("previous", b.previous());
                if (b.result() != null) {
                    Map<String, Object> last = new LinkedHashMap<>();
                    last.put("update", b.update());
                    last.put("result", b.result());
                    last.put("version", b.resultVersion());
                    last.put("reason", b.reason());
                    last.put("at", b.at());
                    r.put("last", last);
                }
            }
        }
        if (target != null) {
            r.put("target", target);
            r.put("update", updateId);
        }
        Map<String, Object> waiting = deferral == null ? null : deferral.report();
        if (waiting != null) {
            r.put("deferred", waiting);
        }
        if (problem != null) {
            r.put("problem", problem);
        }
        return r;
    }

    /** Runs the command; {@code afterReport} takes what must happen once its result is journalled (the restart). */
    public Future<CommandResult> run(Command c, Consumer<Runnable> afterReport) {
        Release rel;
        try {
            rel = Release.of(c.args(), config.maxBytes());
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(CommandResult.failed("INVALID_ARGS", e.getMessage()));
        }
        if (launch == null) {
            return refused(
                    c,
                    rel,
                    "UPDATE_NOT_SUPPORTED",
                    "the agent was not started by its launcher (packaging/dapur-edge-launch), so it cannot"
                            + " start another version");
        }
        if (config.trustedKeys().isEmpty()) {
            return refused(
                    c,
                    rel,
                    "UPDATE_NOT_CONFIGURED",
                    "no update.trustedKeys in the local configuration: no release can be trusted");
        }
        if (!ReleaseKeys.verify(config.trustedKeys(), rel.version(), rel.sha256(), rel.signature())) {
            return refused(
                    c,
                    rel,
                    "BAD_SIGNATURE",
                    "the signature of release " + rel.version() + " is not from a trusted key");
        }
        if (ReleaseKeys.compare(rel.version(), version) <= 0) {
            return refused(
                    c, rel, "NOT_NEWER", "release " + rel.version() + " is not newer than the running " + version);
        }
        if (state == State.DOWNLOADING || state == State.RESTARTING) {
            return refused(c, rel, "UPDATE_IN_PROGRESS", "update " + updateId + " to " + target + " is under way");
        }
        JsonNode force = c.args().path("force");
        if (!force.isMissingNode() && !force.isBoolean()) {
            return Future.succeededFuture(CommandResult.failed("INVALID_ARGS", "args.force must be true or false"));
        }
        if (deferral == null) {
            return install(c, rel, afterReport);
        }
        if (force.asBoolean(false)) {
            return deferral.supersede(c.commandId()).compose(v -> install(c, rel, afterReport));
        }
        return deferral.window().whyNotNow().compose(why -> {
            if (state == State.DOWNLOADING || state == State.RESTARTING) { // another began meanwhile
                return refused(c, rel, "UPDATE_IN_PROGRESS", "update " + updateId + " to " + target + " is under way");
            }
            return why == null
                    ? deferral.supersede(c.commandId()).compose(v -> install(c, rel, afterReport))
                    : deferral.defer(c, rel, why, version);
        });
    }

    /** For tests: the deferred update looks at the window now instead of at the next {@code maintenance.recheck}. */
    void recheck() {
        deferral.recheck();
    }

    /** Downloads, checks and installs the release as the trial; hands the restart to {@code afterReport}. */
    private Future<CommandResult> install(Command c, Release rel, Consumer<Runnable> afterReport) {
        state = State.DOWNLOADING;
        target = rel.version();
        updateId = c.commandId();
        problem = null;
        Path incoming = launch.releases().resolve(ReleaseFiles.INCOMING);
        Path part = incoming.resolve(rel.version() + ".jar.part");
        LOG.info("update: downloading release {} [update: {}, bytes: {}]", rel.version(), c.commandId(), rel.size());
        return vertx.executeBlocking(() -> {
                    BootFile boot = BootFile.read(launch.releases());
                    if (boot.trial() != null) {
                        throw new Refusal("UPDATE_IN_PROGRESS", "version " + boot.trial() + " is on trial");
                    }
                    Files.createDirectories(incoming);
                    long free = Files.getFileStore(incoming).getUsableSpace();
                    if (free < rel.size() * 2 + (64L << 20)) {
                        throw new Refusal(
                                "NO_SPACE",
                                "the data dir has " + (free >> 20) + " MB free; release " + rel.version() + " needs "
                                        + (rel.size() >> 20) + " MB and twice that is kept free");
                    }
                    return null;
                })
                .compose(x -> client.download(rel.url(), part, rel.size()))
                .compose(d -> vertx.executeBlocking(() -> {
                    Failpoint.hit("update.downloaded");
                    ReleaseFiles.install(launch.releases(), rel, d, part);
                    Failpoint.hit("update.installed");
                    BootFile boot = BootFile.read(launch.releases());
                    BootFile trial = boot.withTrial(rel.version(), c.commandId(), launch.slot());
                    trial.write(launch.releases());
                    this.boot = trial;
                    Failpoint.hit("update.switched");
                    return null;
                }))
                .map(x -> {
                    state = State.RESTARTING;
                    LOG.warn(
                            "update: release {} installed beside {}; restarting into it [update: {}]",
                            rel.version(),
                            version,
                            c.commandId());
                    afterReport.accept(launch.restart());
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("version", rel.version());
                    d.put("from", version);
                    return CommandResult.succeeded("release " + rel.version() + " installed; restarting into it", d);
                })
                .recover(e -> {
                    state = State.FAILED;
                    String code = e instanceof Refusal r
                            ? r.code
                            : e instanceof CloudException ce ? ce.code() : "UPDATE_FAILED";
                    problem = code + ": " + e.getMessage();
                    LOG.error(
                            "update to {} failed [update: {}, code: {}, error: {}]",
                            rel.version(),
                            c.commandId(),
                            code,
                            e.getMessage());
                    // what was downloaded goes; if it cannot, the next start's tidy removes it
                    return vertx.executeBlocking(() -> Files.deleteIfExists(part))
                            .onFailure(x -> LOG.warn(
                                    "update: the partial download stays until the next start [file: {}, error: {}]",
                                    part,
                                    x.toString()))
                            .transform(x -> Future.succeededFuture(CommandResult.failed(code, e.getMessage())));
                });
    }

    private Future<CommandResult> refused(Command c, Release rel, String code, String message) {
        LOG.error("update to {} refused [update: {}, code: {}]: {}", rel.version(), c.commandId(), code, message);
        problem = code + ": " + message;
        return Future.succeededFuture(CommandResult.refused(code, message));
    }

    /**
     * At start: removes what an interrupted download left, and releases that are neither current,
     * previous nor on trial (two versions are kept: the one running and the one to go back to).
     */
    public static void tidy(Path releases) throws IOException {
        ReleaseFiles.tidy(releases);
    }
}
