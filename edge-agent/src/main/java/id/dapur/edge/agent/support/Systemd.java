package id.dapur.edge.agent.support;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to systemd when the agent runs as a {@code Type=notify} service (packaging/dapur-edge.service):
 * {@code READY=1} once it serves, {@code WATCHDOG=1} while it is healthy, {@code STOPPING=1},
 * {@code STATUS=...}. Through libsystemd's own {@code sd_notify} (JNA), which reads
 * {@code NOTIFY_SOCKET}; the JDK cannot send the datagram to a Unix socket itself. Outside systemd
 * (no {@code NOTIFY_SOCKET}) every call does nothing.
 */
public final class Systemd {
    private static final Logger LOG = LoggerFactory.getLogger(Systemd.class);

    interface Lib extends Library {
        int sd_notify(int unsetEnvironment, String state);
    }

    private final Lib lib;
    private final Duration watchdog;
    private final AtomicBoolean failedOnce = new AtomicBoolean();

    private Systemd(Lib lib, Duration watchdog) {
        this.lib = lib;
        this.watchdog = watchdog;
    }

    /** From this process's environment: NOTIFY_SOCKET (and WATCHDOG_USEC when the unit has WatchdogSec). */
    public static Systemd fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return new Systemd(null, null);
        }
        Duration watchdog = null;
        String usec = System.getenv("WATCHDOG_USEC");
        if (usec != null) {
            try {
                watchdog = Duration.ofNanos(Long.parseLong(usec.trim()) * 1000);
            } catch (NumberFormatException e) {
                LOG.warn("WATCHDOG_USEC is not a number; the watchdog is not fed [value: {}]", LogSafe.of(usec));
            }
        }
        try {
            return new Systemd(Native.load("libsystemd.so.0", Lib.class), watchdog);
        } catch (UnsatisfiedLinkError e) {
            LOG.error(
                    "started by systemd but libsystemd cannot be loaded: readiness and the watchdog are not reported, so systemd"
                            + " will stop the agent [error: {}]",
                    e.getMessage());
            return new Systemd(null, null);
        }
    }

    public boolean enabled() {
        return lib != null;
    }

    /** The unit's WatchdogSec, or null when it has none (or outside systemd). */
    public Duration watchdogInterval() {
        return lib == null ? null : watchdog;
    }

    /** Sends one notification ({@code READY=1}, {@code WATCHDOG=1}...); a failure is logged once. */
    public void notify(String state) {
        if (lib == null) {
            return;
        }
        int rc = lib.sd_notify(0, state);
        if (rc < 0 && failedOnce.compareAndSet(false, true)) {
            LOG.error("systemd notification failed [state: {}, errno: {}]", state.split("\n")[0], -rc);
        }
    }
}
