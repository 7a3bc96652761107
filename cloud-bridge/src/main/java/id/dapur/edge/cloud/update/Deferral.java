package id.dapur.edge.cloud.update;

import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.config.ReleaseKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update waiting for a quiet moment (docs/fleet.md): kept in {@code deferred.json} beside the boot
 * file, so a restart meanwhile does not lose it; looked at again every {@code maintenance.recheck};
 * handed back to the updater to install once {@link UpdateWindow} allows. A later update replaces it.
 */
final class Deferral {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);

    /** What the updater does for its deferral. */
    interface Owner {
        /** Whether the updater is still waiting (nothing else began). */
        boolean waiting();

        /** The update now waits: the updater's state says so. */
        void waits(DeferredUpdate d);

        void problem(String problem);

        /** Downloads, checks and installs the release; hands the restart to {@code afterReport}. */
        Future<CommandResult> install(Command c, Release rel, Consumer<Runnable> afterReport);
    }

    private final Vertx vertx;
    private final Path releases;
    private final UpdateWindow window;
    private final Clock clock;
    private final Owner owner;
    private volatile DeferredUpdate current;
    private volatile long timer = -1;
    private volatile boolean checking;

    Deferral(Vertx vertx, Path releases, UpdateWindow window, Clock clock, Owner owner) {
        this.vertx = vertx;
        this.releases = releases;
        this.window = window;
        this.clock = clock;
        this.owner = owner;
    }

    UpdateWindow window() {
        return window;
    }

    /** For the heartbeat: the waiting update and why it waits now; null when none waits. */
    Map<String, Object> report() {
        DeferredUpdate d = current;
        if (d == null) {
            return null;
        }
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("update", d.commandId());
        w.put("version", d.release().version());
        w.put("since", d.since().toString());
        w.put("code", d.code());
        w.put("reason", d.reason());
        return w;
    }

    /**
     * At start: an update deferred before the restart waits again (one no longer newer than
     * {@code running} is let go). {@code idle} is asked when the file has been read, not before: an
     * update command may have arrived meanwhile.
     */
    void restore(String running, long maxBytes, BooleanSupplier idle) {
        Context ctx = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> DeferredUpdate.read(releases, maxBytes))
                .onComplete(ar -> ctx.runOnContext(v -> {
                    if (ar.failed()) {
                        LOG.error(
                                "update: the deferred update cannot be read; the cloud must send it again [file: {}, error: {}]",
                                DeferredUpdate.file(releases),
                                ar.cause().toString());
                        owner.problem("DEFERRED_UNREADABLE: " + ar.cause().getMessage());
                        return;
                    }
                    DeferredUpdate d = ar.result();
                    if (d == null) {
                        return;
                    }
                    if (current != null || !idle.getAsBoolean()) {
                        // an update command came first (while the file was read): it decides, and the file
                        // (its own, if it was deferred too) is left as it is
                        LOG.info(
                                "update: release {} deferred before the restart is left for now; update {} came first",
                                d.release().version(),
                                current != null ? current.commandId() : "under way");
                        return;
                    }
                    if (ReleaseKeys.compare(d.release().version(), running) <= 0) {
                        LOG.info(
                                "update: the deferred release {} is not newer than the running {}; let go",
                                d.release().version(),
                                running);
                        forget(d);
                        return;
                    }
                    LOG.info(
                            "update: release {} still waits for a quiet moment [update: {}, since: {}]",
                            d.release().version(),
                            d.commandId(),
                            d.since());
                    waitFor(d);
                }));
    }

    /** An update that must wait: kept on disk, then answered DEFERRED with why. */
    Future<CommandResult> defer(Command c, Release rel, UpdateWindow.NotNow why, String running) {
        DeferredUpdate d = new DeferredUpdate(c.commandId(), c.args(), rel, clock.instant(), why.code(), why.reason());
        return vertx.executeBlocking(() -> {
                    d.write(releases);
                    return null;
                })
                .map(x -> {
                    DeferredUpdate before = current;
                    if (before != null && !before.commandId().equals(c.commandId())) {
                        LOG.info(
                                "update: {} to {} replaces the deferred {} to {}",
                                c.commandId(),
                                rel.version(),
                                before.commandId(),
                                before.release().version());
                    }
                    waitFor(d);
                    LOG.warn(
                            "update: release {} deferred [update: {}, code: {}]: {}",
                            rel.version(),
                            c.commandId(),
                            why.code(),
                            why.reason());
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("version", rel.version());
                    detail.put("from", running);
                    detail.put("recheck", window.config().recheck().toString());
                    return CommandResult.deferred(
                            why.code(),
                            "release " + rel.version() + " waits for a quiet moment: " + why.reason()
                                    + " (force: true installs it at once)",
                            detail);
                })
                .recover(e -> {
                    LOG.error(
                            "update to {} could not be deferred [update: {}, error: {}]",
                            rel.version(),
                            c.commandId(),
                            e.toString());
                    owner.problem("DEFER_FAILED: " + e.getMessage());
                    return Future.succeededFuture(CommandResult.failed(
                            "DEFER_FAILED",
                            "release " + rel.version() + " could not be kept for later: " + e.getMessage()));
                });
    }

    private void waitFor(DeferredUpdate d) {
        current = d;
        owner.waits(d);
        if (timer < 0) {
            timer = vertx.setPeriodic(window.config().recheck().toMillis(), t -> recheck());
        }
    }

    /** Every {@code maintenance.recheck} while an update waits: installs it once the moment is right. */
    void recheck() {
        DeferredUpdate d = current;
        if (d == null || checking || !owner.waiting()) {
            return;
        }
        checking = true;
        window.whyNotNow().onComplete(ar -> {
            checking = false;
            if (current != d || !owner.waiting()) {
                return; // replaced or begun meanwhile
            }
            if (ar.failed()) {
                LOG.warn(
                        "update: cannot tell whether the kitchen is quiet; asking again [error: {}]",
                        ar.cause().toString());
                return;
            }
            UpdateWindow.NotNow why = ar.result();
            if (why != null) {
                current = d.because(why);
                return;
            }
            LOG.warn(
                    "update: the moment is right for release {}, deferred since {} [update: {}]",
                    d.release().version(),
                    d.since(),
                    d.commandId());
            Command c = new Command(d.commandId(), null, "update", d.args(), d.since(), null);
            owner.install(c, d.release(), restart -> forget(d).onComplete(x -> restart.run()))
                    .onSuccess(r -> {
                        if (!"SUCCEEDED".equals(r.status())) {
                            forget(d); // the heartbeat's problem says why; the cloud sends it again
                        }
                    });
        });
    }

    /** A new update command replaces the one waiting. */
    Future<Void> supersede(String commandId) {
        DeferredUpdate d = current;
        if (d == null) {
            return Future.succeededFuture();
        }
        LOG.info("update: {} replaces the deferred {}", commandId, d.commandId());
        return forget(d);
    }

    /** The deferred update is done with: off the heartbeat and off the disk (a failure is logged; the next start lets it go). */
    private Future<Void> forget(DeferredUpdate d) {
        if (current == d) {
            current = null;
        }
        if (timer >= 0 && current == null) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return vertx.<Void>executeBlocking(() -> {
                    DeferredUpdate.delete(releases);
                    return null;
                })
                .recover(e -> {
                    LOG.error(
                            "update: the deferred update's file cannot be removed [file: {}, error: {}]",
                            DeferredUpdate.file(releases),
                            e.toString());
                    return Future.succeededFuture();
                });
    }
}
