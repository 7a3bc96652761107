package id.dapur.edge.devices.printer;

import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A printer that fetches its jobs from the agent rather than being written to ({@link CloudPrntPrinter},
 * {@link EposSdpPrinter}): the agent keeps the job in hand on offer until the printer takes it and
 * says how it went. The protocol classes translate the printer's requests into {@link #offered},
 * {@link #take} and {@link #settle}; the spooler's worker prints through {@link #print}.
 *
 * <p>A job is done only when the printer reports it: printed, or not printed (then offered again under
 * a new token). A job not taken in time is withdrawn (nothing reached the printer). A job taken and
 * not reported stays offered under the same token and with the same bytes, however often the spooler
 * asks ({@link Outcome#HELD}): a printer that took it and went quiet gets it again when it is back
 * and, having kept the token of what it printed, does not print it twice. A job not taken while the
 * printer says it cannot print (paper out, cover open, silent) is withdrawn at once. A printer that has not been
 * heard from for {@link #offlineAfter()} is OFFLINE; otherwise its status is what it last said.
 */
public abstract class PolledPrinter implements PrinterDriver {
    private final PrinterModel model;
    private final Clock clock;
    private final Duration offlineAfter;
    private final Object lock = new Object();
    private Instant lastHeard;
    private PrinterStatus lastStatus = PrinterStatus.READY;
    private Instant statusAt;
    private Offer offer;
    private String goneWhy;
    private volatile Runnable onOffer = () -> {};

    /** The job in hand, as offered to the printer: its token, and the body in the printer's format. */
    public record Offered(String token, byte[] body) {}

    private static final class Offer {
        final long jobId;
        final Offered offered;
        boolean taken;
        Boolean printed;
        String detail;

        Offer(long jobId, Offered offered) {
            this.jobId = jobId;
            this.offered = offered;
        }
    }

    protected PolledPrinter(PrinterModel model, Clock clock, Duration offlineAfter) {
        this.model = model;
        this.clock = clock;
        this.offlineAfter = offlineAfter;
    }

    @Override
    public PrinterModel model() {
        return model;
    }

    public Duration offlineAfter() {
        return offlineAfter;
    }

    /**
     * How long a status the printer said stays true without being said again; null: until it says
     * another. A protocol whose polls carry no status (Epson's) says it only with a job's result, so a
     * fault it reported is assumed cleared after a while and the next job tells again.
     */
    protected Duration statusValidFor() {
        return null;
    }

    /** The job as this printer fetches it (a PNG, ePOS-Print XML…), for token {@code token}. */
    protected abstract byte[] body(byte[] job, String token);

    // ---- the printer's side (short, never blocking)

    /**
     * Called (on the spooler's worker, outside any lock) each time a job is put on offer, new or again:
     * to tell the printer at once where it can be told (CloudPRNT over MQTT) rather than wait for its poll.
     */
    public void onOffer(Runnable r) {
        onOffer = r;
    }

    /** The printer said it is gone (its connection's Will): OFFLINE with {@code why} until it is heard again. */
    public void gone(String why) {
        synchronized (lock) {
            goneWhy = why;
            lock.notifyAll();
        }
    }

    /** The printer was heard from; {@code status}, when it said one, is its status from now on. */
    protected void heard(PrinterStatus status) {
        synchronized (lock) {
            goneWhy = null;
            lastHeard = clock.instant();
            if (status != null) {
                lastStatus = status;
                statusAt = lastHeard;
            }
            lock.notifyAll();
        }
    }

    /** The job on offer (not yet reported), or null. */
    protected Offered offered() {
        synchronized (lock) {
            return offer == null || offer.printed != null ? null : offer.offered;
        }
    }

    /** The printer takes the job under {@code token}; null if no such job is on offer. */
    protected Offered take(String token) {
        synchronized (lock) {
            lastHeard = clock.instant();
            if (offer == null || offer.printed != null || (token != null && !token.equals(offer.offered.token()))) {
                return null;
            }
            offer.taken = true;
            lock.notifyAll();
            return offer.offered;
        }
    }

    /**
     * The printer says how the job under {@code token} went; false when no job on offer has that token
     * (already settled, or withdrawn): nothing changes.
     */
    protected boolean settle(String token, boolean printed, String detail) {
        synchronized (lock) {
            lastHeard = clock.instant();
            if (offer == null || token == null || !token.equals(offer.offered.token()) || offer.printed != null) {
                return false;
            }
            offer.printed = printed;
            offer.detail = detail;
            lock.notifyAll();
            return true;
        }
    }

    // ---- the spooler's side, on the printer's worker

    @Override
    public PrinterStatus status() {
        synchronized (lock) {
            if (lastHeard == null) {
                return PrinterStatus.offline(describe() + ": has not polled the agent since it started");
            }
            if (goneWhy != null) {
                return PrinterStatus.offline(describe() + ": " + goneWhy);
            }
            Duration quiet = Duration.between(lastHeard, clock.instant());
            if (quiet.compareTo(offlineAfter) > 0) {
                return PrinterStatus.offline(describe() + ": no poll for " + quiet.toSeconds() + " s (offline after "
                        + offlineAfter.toSeconds() + " s)");
            }
            Duration valid = statusValidFor();
            if (valid != null
                    && !lastStatus.canPrint()
                    && Duration.between(statusAt, clock.instant()).compareTo(valid) > 0) {
                return PrinterStatus.READY;
            }
            return lastStatus;
        }
    }

    @Override
    public Result print(byte[] job, long jobId, String completionId, Duration printTimeout) {
        long deadline = System.nanoTime() + printTimeout.toNanos();
        boolean fresh;
        synchronized (lock) {
            fresh = offer == null || offer.jobId != jobId;
        }
        if (fresh) {
            // made outside the lock (a PNG takes milliseconds): the printer's requests on the event loop never wait for
            // it
            String token = jobId + "-" + completionId;
            Offered made = new Offered(token, body(job, token));
            synchronized (lock) {
                // a job taken and never reported before this one is withdrawn (its queue moved on)
                offer = new Offer(jobId, made);
            }
        }
        onOffer.run();
        synchronized (lock) {
            Offer o = offer;
            if (o == null || o.jobId != jobId) {
                return new Result(Outcome.NOT_SENT, status(), "withdrawn before it was offered");
            }
            while (o.printed == null) {
                PrinterStatus now = status(); // the lock is reentrant
                if (!o.taken && !now.canPrint()) {
                    // a printer that cannot print does not take the job: withdrawn, and the spooler sees why at once
                    offer = null;
                    return new Result(Outcome.NOT_SENT, now, "printer is " + now.state() + "; withdrawn");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            PrinterStatus s = status(); // the lock is reentrant
            if (o.printed != null) {
                offer = null;
                return o.printed
                        ? new Result(Outcome.PRINTED, s, "printer reported " + o.detail)
                        : new Result(
                                Outcome.NOT_SENT,
                                s,
                                "printer reported " + o.detail + "; offered again under a new token");
            }
            if (!o.taken) {
                offer = null;
                return new Result(
                        Outcome.NOT_SENT, s, "not fetched within " + printTimeout.toSeconds() + " s; withdrawn");
            }
            return new Result(
                    Outcome.HELD,
                    s,
                    "fetched as " + o.offered.token()
                            + " and not reported yet: offered again under the same token until it is");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
