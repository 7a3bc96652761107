package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.support.Systemd;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds systemd's watchdog at half its interval, from a timer on a Vert.x event loop, and
 * only while the agent is healthy: a stuck event loop never runs the timer, and a stuck storage writer
 * (its {@code problem} not null) is not fed. Either way systemd kills and restarts the agent after
 * {@code WatchdogSec}. What is wrong goes to systemd's STATUS (shown by {@code systemctl status}) and
 * the log, once per problem.
 */
final class ServiceWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWatchdog.class);
    private final Consumer<String> notify;
    private final Supplier<String> problem;
    private String last;

    /** {@code problem}: why the agent should not be fed now, or null when it is healthy. */
    ServiceWatchdog(Consumer<String> notify, Supplier<String> problem) {
        this.notify = notify;
        this.problem = problem;
    }

    /** Starts feeding when systemd asked for a watchdog; the timer's id, or -1. */
    static long start(Vertx vertx, Systemd systemd, Supplier<String> problem) {
        Duration every = systemd.watchdogInterval();
        if (every == null) {
            return -1;
        }
        ServiceWatchdog w = new ServiceWatchdog(systemd::notify, problem);
        LOG.info("feeding the systemd watchdog [every: {} ms]", every.toMillis() / 2);
        return vertx.setPeriodic(Math.max(100, every.toMillis() / 2), t -> w.tick());
    }

    /** One beat: fed when healthy; not fed, and said once, when not. */
    void tick() {
        String p;
        try {
            p = problem.get();
        } catch (RuntimeException e) {
            p = "health check failed: " + e;
        }
        if (p == null) {
            if (last != null) {
                LOG.info("healthy again: feeding the systemd watchdog");
                notify.accept("STATUS=serving");
            }
            last = null;
            notify.accept("WATCHDOG=1");
            return;
        }
        if (!p.equals(last)) {
            LOG.error("not feeding the systemd watchdog: systemd restarts the agent if this lasts [reason: {}]", p);
            notify.accept("STATUS=unhealthy: " + p);
        }
        last = p;
    }
}
