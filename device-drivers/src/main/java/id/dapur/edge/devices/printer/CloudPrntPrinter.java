package id.dapur.edge.devices.printer;

import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A Star printer that fetches its jobs from the agent over HTTP (Star CloudPRNT), for networks where
 * the agent cannot reach the printer but the printer can reach the agent. The printer polls; the
 * agent's answer says whether a job is ready, in which media type, under which job token; the printer
 * fetches it, prints it and reports how it went with a status code. This class is the agent's side of
 * one printer: the HTTP routes hand it the printer's requests ({@link #poll}, {@link #fetch}, {@link
 * #report}), the spooler's worker prints through it ({@link #print}).
 *
 * <p>A job is done only when the printer reports it: a 2xx code is printed, any other code is not
 * printed (sent again under a new token). A job not fetched in time is withdrawn (nothing reached the
 * printer). A job fetched and not reported stays offered under the same token and with the same
 * bytes, however often the spooler asks ({@link Outcome#HELD}): a printer that fetched it and went
 * quiet gets it again when it is back and, having kept the token of what it printed, does not print
 * it twice. The status is Star's status block the printer sends with every poll; a printer that has
 * not polled for {@link #offlineAfter()} is OFFLINE.
 *
 * <p>Media types: line mode for {@code star-prnt} ({@code application/vnd.star.line}, the bytes of
 * {@link StarLine}); a PNG of the drawn chit for {@code star-tsp100} ({@code image/png}, from the rows
 * of {@link StarRaster}).
 */
public final class CloudPrntPrinter implements PrinterDriver {
    public static final String LINE_MODE = "application/vnd.star.line";
    public static final String PNG = "image/png";
    /** Three missed polls at the printer's default interval. */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);

    private final String mac;
    private final PrinterModel model;
    private final int dots;
    private final Clock clock;
    private final Duration offlineAfter;
    private final Object lock = new Object();
    private Instant lastPoll;
    private PrinterStatus polledStatus = PrinterStatus.READY;
    private Offer offer;

    /** What the answer to a poll says: a job ready (its token and media types), or none. */
    public record PollAnswer(boolean jobReady, List<String> mediaTypes, String jobToken) {}

    /** A fetched job: its media type and body. */
    public record Job(String mediaType, byte[] body) {}

    /** What a job request finds. */
    public enum FetchProblem {
        NO_JOB,
        WRONG_TOKEN,
        UNSUPPORTED_MEDIA_TYPE
    }

    private static final class Offer {
        final long jobId;
        final String token;
        final byte[] body;
        boolean fetched;
        String code;

        Offer(long jobId, String token, byte[] body) {
            this.jobId = jobId;
            this.token = token;
            this.body = body;
        }
    }

    public CloudPrntPrinter(String mac, PrinterModel model, int widthMm, Clock clock, Duration offlineAfter) {
        if (!model.star()) {
            throw new IllegalArgumentException("CloudPRNT is for Star printers, not " + model.id());
        }
        this.mac = mac;
        this.model = model;
        this.dots = model.dots(widthMm);
        this.clock = clock;
        this.offlineAfter = offlineAfter;
    }

    public String mac() {
        return mac;
    }

    public Duration offlineAfter() {
        return offlineAfter;
    }

    /** The one media type the agent serves this model in. */
    public String mediaType() {
        return model.rasterOnly() ? PNG : LINE_MODE;
    }

    @Override
    public PrinterModel model() {
        return model;
    }

    @Override
    public String describe() {
        return "cloudprnt://" + mac;
    }

    // ---- the printer's side, from the HTTP routes (short and never blocking)

    /**
     * A poll: the printer's status block (hex, spaces allowed, as CloudPRNT sends it) is its status
     * from now on; the answer offers the job in hand unless the printer already reported it.
     */
    public PollAnswer poll(String statusHex) {
        PrinterStatus s = parseStatus(statusHex);
        synchronized (lock) {
            lastPoll = clock.instant();
            polledStatus = s;
            lock.notifyAll();
            if (offer == null || offer.code != null) {
                return new PollAnswer(false, List.of(), null);
            }
            return new PollAnswer(true, List.of(mediaType()), offer.token);
        }
    }

    /** The job under {@code token} (the one in hand when the printer names none) in {@code mediaType}, or why it gets none. */
    public Fetch fetch(String mediaType, String token) {
        synchronized (lock) {
            lastPoll = clock.instant();
            if (offer == null || offer.code != null) {
                return new Fetch(null, FetchProblem.NO_JOB);
            }
            if (token != null && !token.equals(offer.token)) {
                return new Fetch(null, FetchProblem.WRONG_TOKEN);
            }
            if (mediaType != null && !mediaType.equals(mediaType())) {
                return new Fetch(null, FetchProblem.UNSUPPORTED_MEDIA_TYPE);
            }
            offer.fetched = true;
            lock.notifyAll();
            return new Fetch(new Job(mediaType(), offer.body), null);
        }
    }

    /** What a job request gets: the job, or the problem. */
    public record Fetch(Job job, FetchProblem problem) {}

    /**
     * The printer says how the job under {@code token} went ({@code code} as CloudPRNT sends it, e.g.
     * "200 OK"); false when no job has that token (already settled, or withdrawn): nothing changes.
     */
    public boolean report(String token, String code) {
        synchronized (lock) {
            lastPoll = clock.instant();
            if (offer == null || token == null || !token.equals(offer.token) || offer.code != null) {
                return false;
            }
            offer.code = code == null || code.isBlank() ? "?" : code.strip();
            lock.notifyAll();
            return true;
        }
    }

    // ---- the spooler's side, on the printer's worker

    @Override
    public PrinterStatus status() {
        synchronized (lock) {
            if (lastPoll == null) {
                return PrinterStatus.offline(describe() + ": has not polled the agent since it started");
            }
            Duration quiet = Duration.between(lastPoll, clock.instant());
            if (quiet.compareTo(offlineAfter) > 0) {
                return PrinterStatus.offline(describe() + ": no poll for " + quiet.toSeconds() + " s (offline after "
                        + offlineAfter.toSeconds() + " s)");
            }
            return polledStatus;
        }
    }

    @Override
    public Result print(byte[] job, long jobId, String completionId, Duration printTimeout) {
        long deadline = System.nanoTime() + printTimeout.toNanos();
        synchronized (lock) {
            if (offer == null || offer.jobId != jobId) {
                // a job the printer took and never reported was withdrawn before this one (its queue
                // moved): from here on it is not offered again
                offer = new Offer(jobId, jobId + "-" + completionId, body(job));
            }
            Offer o = offer;
            while (o.code == null) {
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
            if (o.code != null) {
                offer = null;
                return o.code.startsWith("2")
                        ? new Result(Outcome.PRINTED, s, "printer reported " + o.code)
                        : new Result(
                                Outcome.NOT_SENT,
                                s,
                                "printer reported " + o.code + "; offered again under a new token");
            }
            if (!o.fetched) {
                offer = null;
                return new Result(
                        Outcome.NOT_SENT, s, "not fetched within " + printTimeout.toSeconds() + " s; withdrawn");
            }
            return new Result(
                    Outcome.HELD,
                    s,
                    "fetched as " + o.token + " and not reported yet: offered again under the same token until it is");
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private byte[] body(byte[] job) {
        if (!model.rasterOnly()) {
            return job;
        }
        BufferedImage img = StarRaster.image(job, dots);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** Star's status block as hex; an unreadable one reads as an error, never as ready. */
    static PrinterStatus parseStatus(String hex) {
        if (hex == null) {
            return PrinterStatus.offline("the poll carried no status");
        }
        String digits = hex.replace("%20", "").replaceAll("\\s+", "");
        try {
            byte[] b = HexFormat.of()
                    .parseHex(digits.length() % 2 == 0 ? digits : digits.substring(0, digits.length() - 1));
            if (b.length < 2 || !PrinterStatus.isStarAsbHeader(b[0]) || b.length < PrinterStatus.starAsbLength(b[0])) {
                return PrinterStatus.offline("the poll's status block is not Star's: " + hex);
            }
            return PrinterStatus.fromStarAsb(Arrays.copyOf(b, PrinterStatus.starAsbLength(b[0])));
        } catch (IllegalArgumentException e) {
            return PrinterStatus.offline("the poll's status is not hex: " + hex);
        }
    }
}
