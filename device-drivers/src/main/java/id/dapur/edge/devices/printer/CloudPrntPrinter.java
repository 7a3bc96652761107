package id.dapur.edge.devices.printer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A Star printer that fetches its jobs from the agent over HTTP (Star CloudPRNT), for networks where
 * the agent cannot reach the printer but the printer can reach the agent. The printer polls with its
 * status block; the answer says whether a job is ready, in which media type, under which job token;
 * the printer fetches it, prints it and reports how it went with a status code (2xx printed, anything
 * else not). What a job offered, taken and reported means: {@link PolledPrinter}.
 *
 * <p>Media types: line mode for {@code star-prnt} ({@code application/vnd.star.line}, the bytes of
 * {@link StarLine}); a PNG of the drawn chit for {@code star-tsp100} ({@code image/png}, from the rows
 * of {@link StarRaster}).
 */
public final class CloudPrntPrinter extends PolledPrinter {
    public static final String LINE_MODE = "application/vnd.star.line";
    public static final String PNG = "image/png";
    /** Three missed polls at the printer's default interval. */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);

    private final String mac;
    private final int dots;

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

    /** What a job request gets: the job, or the problem. */
    public record Fetch(Job job, FetchProblem problem) {}

    public CloudPrntPrinter(String mac, PrinterModel model, int widthMm, Clock clock, Duration offlineAfter) {
        super(model, clock, offlineAfter);
        if (!model.star()) {
            throw new IllegalArgumentException("CloudPRNT is for Star printers, not " + model.id());
        }
        this.mac = mac;
        this.dots = model.dots(widthMm);
    }

    public String mac() {
        return mac;
    }

    /** The one media type the agent serves this model in. */
    public String mediaType() {
        return model().rasterOnly() ? PNG : LINE_MODE;
    }

    @Override
    public String describe() {
        return "cloudprnt://" + mac;
    }

    /**
     * A poll: the printer's status block (hex, spaces allowed, as CloudPRNT sends it) is its status
     * from now on; the answer offers the job in hand unless the printer already reported it.
     */
    public PollAnswer poll(String statusHex) {
        heard(parseStatus(statusHex));
        Offered o = offered();
        return o == null
                ? new PollAnswer(false, List.of(), null)
                : new PollAnswer(true, List.of(mediaType()), o.token());
    }

    /**
     * A {@code client-status} message over MQTT: the printer is there; its status block, when the
     * message carries one, is its status from now on.
     */
    public void mqttStatus(String statusHex) {
        heard(statusHex == null ? null : parseStatus(statusHex));
    }

    /** The job under {@code token} (the one in hand when the printer names none) in {@code mediaType}, or why it gets none. */
    public Fetch fetch(String mediaType, String token) {
        Offered o = offered();
        if (o == null) {
            heard(null);
            return new Fetch(null, FetchProblem.NO_JOB);
        }
        if (token != null && !token.equals(o.token())) {
            heard(null);
            return new Fetch(null, FetchProblem.WRONG_TOKEN);
        }
        if (mediaType != null && !mediaType.equals(mediaType())) {
            heard(null);
            return new Fetch(null, FetchProblem.UNSUPPORTED_MEDIA_TYPE);
        }
        Offered taken = take(o.token());
        return taken == null
                ? new Fetch(null, FetchProblem.NO_JOB)
                : new Fetch(new Job(mediaType(), taken.body()), null);
    }

    /**
     * The printer says how the job under {@code token} went ({@code code} as CloudPRNT sends it, e.g.
     * "200 OK"; 2xx is printed); false when no job has that token (already settled, or withdrawn).
     */
    public boolean report(String token, String code) {
        String c = code == null || code.isBlank() ? "?" : code.strip();
        return settle(token, c.startsWith("2"), c);
    }

    @Override
    protected byte[] body(byte[] job, String token) {
        if (!model().rasterOnly()) {
            return job;
        }
        BufferedImage img = StarRasterImage.image(job, dots);
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
