package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.Agent;
import id.dapur.edge.agent.support.FatalErrors;
import id.dapur.edge.agent.support.Systemd;
import id.dapur.edge.cloud.DurableFiles;
import id.dapur.edge.cloud.update.BootFile;
import id.dapur.edge.cloud.update.Failpoint;
import id.dapur.edge.cloud.update.Updater;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent (through an {@link AgentHost}, which can restart it on configuration from the cloud)
 * until SIGTERM/SIGINT: turns start-up failures into a one-line reason and exit code 2 (port in use)
 * or 1, and on shutdown stops it gracefully.
 */
final class AgentLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLauncher.class);
    /** The exit code that asks the supervisor for a restart into the version the boot file names. */
    static final int RESTART_EXIT = 75;

    private AgentLauncher() {}

    /** Blocks until the agent stops; returns the exit code. {@code onReady} runs once it is serving. */
    static int run(DapurConfig config, JsonNode localTree, boolean startFresh, Runnable onReady) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        FatalErrors.install(vertx);
        CountDownLatch stopped = new CountDownLatch(1);
        AgentHost[] host = new AgentHost[1];
        Updater.Launch launch = launch();
        BootFile boot = null;
        if (launch != null) {
            try {
                // its name synced: a power cut must not take the boot file with the directory (UpdatePowerCutIT)
                DurableFiles.createDirectories(launch.releases());
                Updater.tidy(launch.releases());
                boot = BootFile.read(launch.releases());
            } catch (IOException e) {
                LOG.error(
                        "update: the releases directory cannot be read; updates are off until it can [dir: {}, error: {}]",
                        launch.releases(),
                        e.toString());
                launch = null;
            }
        }
        try {
            host[0] = AgentHost.start(vertx, localTree, config, startFresh, Clock.systemUTC(), launch)
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable root = rootCause(e);
            vertx.close();
            if (root instanceof BindException) {
                System.err.println("dapur-edge: cannot start: a port is in use (" + root.getMessage() + ")");
                return 2;
            }
            System.err.println("dapur-edge: cannot start: " + root.getMessage());
            return 1;
        }
        if (boot != null) {
            boot = commitTrial(host[0], launch, boot);
            if (boot == null) {
                try {
                    host[0].stop().await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("agent did not stop cleanly [error: {}]", e.getMessage());
                }
                vertx.close();
                return 1;
            }
            BootFile b = boot;
            host[0].agent()
                    .recordUpdateOutcome(b)
                    .onSuccess(now -> {
                        if (now) {
                            LOG.info(
                                    "update outcome recorded [update: {}, result: {}, version: {}]",
                                    b.update(),
                                    b.result(),
                                    b.resultVersion());
                        }
                    })
                    .onFailure(e -> LOG.error(
                            "update outcome not recorded; the heartbeat still reports it [update: {}, error: {}]",
                            b.update(),
                            e.toString()));
        }
        // under systemd (packaging/dapur-edge.service): ready now; the watchdog fed while the agent (whichever
        // the host runs now, after configuration restarts) has a working storage writer and event loop
        Systemd systemd = Systemd.fromEnvironment();
        ServiceWatchdog.start(vertx, systemd, () -> {
            Agent a = host[0].agent();
            String stuck = a == null ? null : a.stuck();
            return stuck == null ? null : "storage writer: " + stuck;
        });
        systemd.notify("READY=1\nSTATUS=serving");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("shutdown requested");
                            systemd.notify("STOPPING=1");
                            try {
                                host[0].stop().await(30, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("agent did not stop cleanly [error: {}]", e.getMessage());
                            }
                            try {
                                vertx.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.debug("vertx close: {}", e.getMessage());
                            }
                            stopped.countDown();
                            ch.qos.logback.classic.LoggerContext ctx =
                                    (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
                            ctx.stop();
                        },
                        "dapur-shutdown"));
        onReady.run();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** What the launcher (packaging/dapur-edge-launch) said in the environment; null when it did not start this process. */
    private static Updater.Launch launch() {
        String releases = System.getenv("DAPUR_RELEASES");
        String slot = System.getenv("DAPUR_SLOT");
        if (releases == null || releases.isBlank() || slot == null || slot.isBlank()) {
            return null;
        }
        // exit 75 (EX_TEMPFAIL): systemd restarts the service (Restart=on-failure) through the launcher; System.exit
        // from its own thread, as the shutdown hook needs the event loop this may be called on
        return new Updater.Launch(
                Path.of(releases),
                slot,
                () -> new Thread(() -> System.exit(RESTART_EXIT), "dapur-update-restart").start());
    }

    /**
     * When this process is a version on trial: it must prove healthy (a unit of work committed through
     * the storage writer) before it commits itself in the boot file. Returns the boot file as it is
     * now, or null when the check failed: the process then exits non-zero and the launcher, at the
     * next start, goes back to the previous version.
     */
    private static BootFile commitTrial(AgentHost host, Updater.Launch launch, BootFile boot) {
        if (boot.trial() == null || !boot.trial().equals(launch.slot())) {
            return boot;
        }
        Failpoint.hit("update.trial-started");
        try {
            host.agent().probeStorage().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error(
                    "update: version {} on trial failed its health check; exiting so the launcher goes back to {} [error: {}]",
                    boot.trial(),
                    boot.current(),
                    e.toString());
            return null;
        }
        try {
            BootFile committed = boot.committed(Instant.now().toString());
            committed.write(launch.releases());
            LOG.warn(
                    "update: version {} is healthy and committed; {} kept to go back to [update: {}]",
                    committed.current(),
                    committed.previous(),
                    committed.update());
            Failpoint.hit("update.committed");
            return committed;
        } catch (IOException e) {
            LOG.error(
                    "update: version {} could not commit itself in the boot file [error: {}]",
                    boot.trial(),
                    e.toString());
            return null;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof BindException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }
}
