package id.dapur.edge.cloud.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code dapur-edge fleet-sim} saw: the fleet, the events and whether each arrived exactly once,
 * the back office's request rate (steady, and at its peak after the outage), its latency and errors,
 * and each outlet's backlog.
 *
 * @param steadyRps    requests per second in the minute before the outage (or the whole run when there was none)
 * @param peakRps      the busiest second after the outage ended (the reconnect), and {@code peakAt} seconds after the end
 * @param drainSeconds from the outage's end until the fleet's backlog was back to its level before it (-1: not within the run)
 */
public record FleetReport(
        String url,
        int outlets,
        int registered,
        List<String> refusals,
        long seconds,
        double speed,
        String outletTime,
        long generated,
        long answered,
        long accepted,
        long acceptedTwice,
        long duplicates,
        long rejected,
        long waiting,
        boolean exactlyOnce,
        Map<String, Long> cloudSide,
        double steadyRps,
        long peakRps,
        long peakAt,
        double peakRatio,
        double steadyEventsPerSecond,
        long drainSeconds,
        long outageSeconds,
        long backlogPeakP50,
        long backlogPeakMax,
        Map<String, double[]> latencyMs,
        Map<String, Long> errors,
        Map<String, Long> configVersions,
        List<long[]> timeline) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 0 when every event arrived exactly once and every outlet registered; 1 otherwise. */
    public int exitCode() {
        return exactlyOnce && registered == outlets ? 0 : 1;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "fleet-sim: %d outlets against %s for %d s (outlet time x%.0f: %s)%n",
                outlets,
                url,
                seconds,
                speed,
                outletTime));
        b.append(String.format(
                Locale.ROOT,
                "  registered: %d of %d%s%n",
                registered,
                outlets,
                refusals.isEmpty()
                        ? ""
                        : "; refused: "
                                + String.join("; ", refusals.stream().limit(5).toList())));
        b.append(String.format(
                Locale.ROOT,
                "  events: %,d made, %,d answered (%,d ACCEPTED, %,d DUPLICATE after a lost answer, %,d REJECTED), "
                        + "%,d still waiting%n",
                generated,
                answered,
                accepted,
                duplicates,
                rejected,
                waiting));
        b.append(String.format(
                Locale.ROOT,
                "  exactly once: %s (every event answered, none ACCEPTED twice%s)%n",
                exactlyOnce ? "yes" : "NO",
                cloudSide.isEmpty() ? "" : "; the back office's own ledger: " + cloudSide));
        if (outageSeconds > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "  requests/s: steady %.1f; after the %d s outage the peak was %d in one second (%.1fx steady),"
                            + " %d s after it ended; the backlog was back to its level before the outage %s%n",
                    steadyRps,
                    outageSeconds,
                    peakRps,
                    peakRatio,
                    peakAt,
                    drainSeconds < 0 ? "NOT within the run" : drainSeconds + " s after it ended"));
        } else {
            b.append(String.format(
                    Locale.ROOT, "  requests/s: %.1f on average; busiest second %d%n", steadyRps, peakRps));
        }
        b.append(String.format(
                Locale.ROOT, "  events/s taken by the back office, steady: %.1f%n", steadyEventsPerSecond));
        b.append(String.format(
                Locale.ROOT,
                "  backlog per outlet, largest it held: median %d, max %d events%n",
                backlogPeakP50,
                backlogPeakMax));
        b.append("  back office latency by call (ms): ");
        latencyMs.forEach((k, v) -> b.append(
                String.format(Locale.ROOT, "%s %.0fx p50 %.1f p99 %.1f max %.0f; ", k, v[0], v[1], v[2], v[3])));
        b.append('\n');
        b.append("  errors: ")
                .append(errors.isEmpty() ? "none" : errors.toString())
                .append('\n');
        b.append("  configuration versions running: ").append(configVersions).append('\n');
        return b.toString();
    }
}
