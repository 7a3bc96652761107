package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.config.SensorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The holding rule for one sensor on cold-hold, freezer or hot-hold equipment: a reading past the limit
 * starts an excursion; the alert is raised only once the excursion has lasted {@code alertDelay} (a door
 * opened for a delivery is not a failure), and cleared only once readings are back inside the limit by
 * the hysteresis. During a defrost window the cold limit is relaxed by the allowance, or alerts are
 * suppressed when there is none. A sensor silent for longer than {@code maxSilence}, or whose device
 * says it is offline, raises SENSOR_STALE. With no limit (cooling equipment, watched by
 * {@link CoolingRule}) only silence is watched. Not thread-safe: one owner (the agent's event loop).
 */
final class TemperatureRule {
    static final String STALE = "SENSOR_STALE";
    private final SensorConfig sensor;
    private final Double limit;
    private final boolean cold;
    private final ZoneId zone;
    private final String kind;
    private Instant since; // excursion start, null when inside the limit
    private double peak;
    private boolean alerting;
    private Instant lastSeen;
    private boolean stale;

    TemperatureRule(SensorConfig sensor, Double limit, ZoneId zone, Instant started) {
        this.sensor = sensor;
        this.limit = limit;
        this.cold = sensor.cold();
        this.zone = zone;
        this.kind = cold ? "TEMPERATURE_HIGH" : "TEMPERATURE_LOW";
        this.lastSeen = started;
    }

    Double limit() {
        return limit;
    }

    boolean inExcursion() {
        return since != null;
    }

    boolean alerting() {
        return alerting;
    }

    boolean stale() {
        return stale;
    }

    /** A calibrated reading in °C taken at {@code at}. */
    List<Verdict> reading(double celsius, Instant at) {
        List<Verdict> out = new ArrayList<>();
        lastSeen = at;
        if (stale) {
            stale = false;
            out.add(new Verdict.Clear(STALE));
        }
        Double effective = effectiveLimit(at);
        if (effective == null) { // defrost with alerts suppressed: a pending excursion is forgiven, an alert stays
            if (since != null && !alerting) {
                out.add(new Verdict.ExcursionEnded(at, peak));
                since = null;
            }
            return out;
        }
        boolean beyond = cold ? celsius > effective : celsius < effective;
        if (beyond) {
            if (since == null) {
                since = at;
                peak = celsius;
                out.add(new Verdict.ExcursionStarted(kind, effective, at, celsius));
            }
            peak = cold ? Math.max(peak, celsius) : Math.min(peak, celsius);
            due(at, out);
            return out;
        }
        if (since != null || alerting) { // alerting without an excursion: resumed after a restart
            boolean clear = !alerting
                    || (cold ? celsius <= effective - sensor.hysteresis() : celsius >= effective + sensor.hysteresis());
            if (clear) {
                if (alerting) {
                    out.add(new Verdict.Clear(kind));
                }
                if (since != null) {
                    out.add(new Verdict.ExcursionEnded(at, peak));
                }
                since = null;
                alerting = false;
            }
        }
        return out;
    }

    /**
     * After a restart, what the stored record says was going on: an excursion still open (its start and
     * peak, or null), its alert or a stale alert still open. Without this a fridge that was warm
     * before the restart kept its alert open for ever once it cooled: the rule never knew it was alerting.
     */
    void resume(Instant excursionSince, double excursionPeak, boolean alertOpen, boolean staleOpen) {
        this.since = excursionSince;
        this.peak = excursionPeak;
        this.alerting = alertOpen;
        this.stale = staleOpen;
    }

    String kind() {
        return kind;
    }

    /** The device's own availability message (LWT and the like). */
    List<Verdict> availability(boolean online, Instant at) {
        if (!online && !stale) {
            stale = true;
            return List.of(new Verdict.Raise(STALE, "WARNING", sensor.name() + " reports itself offline"));
        }
        return List.of();
    }

    /** Time passing: an excursion reaching its delay, a sensor falling silent. */
    List<Verdict> tick(Instant now) {
        List<Verdict> out = new ArrayList<>();
        if (since != null && effectiveLimit(now) != null) {
            due(now, out);
        }
        if (!stale && Duration.between(lastSeen, now).compareTo(sensor.maxSilence()) > 0) {
            stale = true;
            out.add(new Verdict.Raise(
                    STALE,
                    "WARNING",
                    sensor.name() + " has sent no reading for " + minutes(Duration.between(lastSeen, now))
                            + " (allowed: " + minutes(sensor.maxSilence()) + ")"));
        }
        return out;
    }

    private void due(Instant now, List<Verdict> out) {
        if (!alerting && Duration.between(since, now).compareTo(sensor.alertDelay()) >= 0) {
            alerting = true;
            out.add(new Verdict.Raise(
                    kind,
                    "WARNING",
                    String.format(
                            Locale.ROOT,
                            "%s at %.1f °C, %s the limit of %.1f °C for %s",
                            sensor.name(),
                            peak,
                            cold ? "above" : "below",
                            limit,
                            minutes(Duration.between(since, now)))));
        }
    }

    /** The limit in force at {@code at}; null while a defrost window suppresses alerts, or with no limit. */
    Double effectiveLimit(Instant at) {
        SensorConfig.Defrost d = sensor.defrost();
        if (limit == null || !cold || d.at().isEmpty()) {
            return limit;
        }
        ZonedDateTime t = at.atZone(zone);
        for (LocalTime start : d.at()) {
            for (int daysBack = 0; daysBack <= 1; daysBack++) { // a window that began before midnight
                ZonedDateTime s =
                        t.toLocalDate().minusDays(daysBack).atTime(start).atZone(zone);
                if (!t.isBefore(s) && t.isBefore(s.plus(d.duration()))) {
                    return d.allowance() == null ? null : limit + d.allowance();
                }
            }
        }
        return limit;
    }

    static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 1 ? m + " min" : d.toSeconds() + " s";
    }
}
