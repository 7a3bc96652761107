package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.AgentHost;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.BindException;
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

    private AgentLauncher() {
    }

    /** Blocks until the agent stops; returns the exit code. {@code onReady} runs once it is serving. */
    static int run(DapurConfig config, JsonNode localTree, boolean startFresh, Runnable onReady) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        id.dapur.edge.agent.support.FatalErrors.install(vertx);
        CountDownLatch stopped = new CountDownLatch(1);
        AgentHost[] host = new AgentHost[1];
        try {
            host[0] = AgentHost.start(vertx, localTree, config, startFresh, java.time.Clock.systemUTC()).await(60, TimeUnit.SECONDS);
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
        // under systemd (packaging/dapur-edge.service): ready now; the watchdog fed while the agent (whichever
        // the host runs now, after configuration restarts) has a working storage writer and event loop
        id.dapur.edge.agent.support.Systemd systemd = id.dapur.edge.agent.support.Systemd.fromEnvironment();
        ServiceWatchdog.start(vertx, systemd, () -> {
            id.dapur.edge.agent.Agent a = host[0].agent();
            String stuck = a == null ? null : a.stuck();
            return stuck == null ? null : "storage writer: " + stuck;
        });
        systemd.notify("READY=1\nSTATUS=serving");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
            ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.stop();
        }, "dapur-shutdown"));
        onReady.run();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
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
