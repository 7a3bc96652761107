package id.dapur.edge.agent.printing;

import id.dapur.edge.devices.printer.PrinterStatus;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import java.time.Duration;
import java.time.Instant;

/**
 * What a printer's worker last learned of it: its status, when that state began, when the printer last
 * answered (any state but OFFLINE), and since when it has been unable to print (for failover). Written
 * by the worker's thread, read from any.
 */
final class PrinterState {
    private volatile PrinterStatus status;
    private volatile Instant since;
    private volatile Instant lastSeen;
    private volatile long unableSince = -1;

    /** Takes a new status; returns the one before (null at first). */
    PrinterStatus observe(PrinterStatus s) {
        PrinterStatus before = status;
        status = s;
        Instant now = Instant.now();
        if (before == null || before.state() != s.state()) {
            since = now;
        }
        if (s.state() != State.OFFLINE) {
            lastSeen = now;
        }
        if (s.canPrint()) {
            unableSince = -1;
        } else if (unableSince < 0) {
            unableSince = System.nanoTime();
        }
        return before;
    }

    /** The last status, or null before the first. */
    PrinterStatus status() {
        return status;
    }

    /** When the current state began (null before the first status). */
    Instant since() {
        return since;
    }

    /** When the printer last answered a status query (null: never since the agent started). */
    Instant lastSeen() {
        return lastSeen;
    }

    /** Whether it has been unable to print for at least {@code d}. */
    boolean unableFor(Duration d) {
        long u = unableSince;
        return u >= 0 && System.nanoTime() - u >= d.toNanos();
    }
}
