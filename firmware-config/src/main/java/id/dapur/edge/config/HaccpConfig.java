package id.dapur.edge.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Food-safety rules and records: the jurisdiction whose limits apply (each overridable per equipment
 * kind here, and per sensor), when an unacknowledged alert escalates, and how long readings are kept.
 *
 * @param limits         °C per equipment kind: a maximum for cold-hold/freezer, a minimum for hot-hold
 * @param escalateAfter  an alert nobody acknowledged within this is escalated to CRITICAL
 * @param storeEvery     at most one raw reading per sensor is stored per this interval (every reading
 *                       still drives the rules); bounds the table whatever a sensor sends
 * @param rawRetention   raw readings older than this are folded into min/avg/max per {@code rollupInterval}
 * @param recordRetention rollups, excursions and alerts older than this are deleted
 * @param maxRawRows     a hard cap on raw readings: past it the oldest are folded early
 */
public record HaccpConfig(
        String jurisdiction,
        Map<String, Double> limits,
        Duration escalateAfter,
        Duration storeEvery,
        Duration rawRetention,
        Duration rollupInterval,
        Duration recordRetention,
        int maxRawRows) {
    public static final List<String> JURISDICTIONS = List.of("us-food-code", "uk", "id-bpom");

    /** One stage of a cooling process: down to {@code celsius} within {@code within} of the start. */
    public record CoolingStage(double celsius, Duration within) {}

    /** A cooling process starts when the food is at or above {@code startAt} and must pass each stage. */
    public record Cooling(double startAt, List<CoolingStage> stages) {
        public Cooling {
            stages = List.copyOf(stages);
        }
    }

    public HaccpConfig {
        limits = Map.copyOf(limits);
    }

    /** The jurisdiction's preset limits (°C) per equipment kind. */
    public static Map<String, Double> presets(String jurisdiction) {
        return switch (jurisdiction) {
            case "uk" -> Map.of("cold-hold", 8.0, "freezer", -18.0, "hot-hold", 63.0);
            case "id-bpom" -> Map.of("cold-hold", 5.0, "freezer", -18.0, "hot-hold", 60.0);
            default -> Map.of("cold-hold", 5.0, "freezer", -18.0, "hot-hold", 57.0);
        };
    }

    /** The limit for sensors on this equipment kind: the override, else the jurisdiction's preset. */
    public double limit(String equipment) {
        Double d = limits.get(equipment);
        return d != null ? d : presets(jurisdiction).getOrDefault(equipment, 5.0);
    }

    /** A sensor's limit: its own override, else its equipment kind's. */
    public double limit(SensorConfig sensor) {
        return sensor.limit() != null ? sensor.limit() : limit(sensor.equipment());
    }

    /** The jurisdiction's cooling rule (US Food Code 3-501.14: 57→21 °C in 2 h, →5 °C in 6 h; UK: →8 °C in 90 min). */
    public Cooling cooling() {
        return switch (jurisdiction) {
            case "uk" -> new Cooling(63, List.of(new CoolingStage(8, Duration.ofMinutes(90))));
            case "id-bpom" ->
                new Cooling(
                        60,
                        List.of(new CoolingStage(21, Duration.ofHours(2)), new CoolingStage(5, Duration.ofHours(6))));
            default ->
                new Cooling(
                        57,
                        List.of(new CoolingStage(21, Duration.ofHours(2)), new CoolingStage(5, Duration.ofHours(6))));
        };
    }

    static HaccpConfig read(ConfigNode n) {
        String j = n.string("jurisdiction", "us-food-code");
        if (!JURISDICTIONS.contains(j)) {
            n.problem("jurisdiction", "must be one of " + String.join(", ", JURISDICTIONS) + ", got '" + j + "'");
        }
        Map<String, Double> limits = n.has("limits") ? n.object("limits", HaccpConfig::readLimits) : Map.of();
        n.known("limits");
        Duration escalate =
                n.duration("escalateAfter", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration every = n.duration("storeEvery", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
        Duration raw = n.duration("rawRetention", Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(90));
        Duration rollup =
                n.duration("rollupInterval", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1));
        Duration records =
                n.duration("recordRetention", Duration.ofDays(730), Duration.ofDays(1), Duration.ofDays(3650));
        int maxRows = n.integer("maxRawRows", 1_000_000, 1_000, 50_000_000);
        if (records.compareTo(raw) < 0) {
            n.problem("recordRetention", "must not be shorter than rawRetention");
        }
        return new HaccpConfig(j, limits, escalate, every, raw, rollup, records, maxRows);
    }

    private static Map<String, Double> readLimits(ConfigNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String kind : List.of("cold-hold", "freezer", "hot-hold")) {
            Double d = n.decimal(kind, null, -60, 150);
            if (d != null) {
                out.put(kind, d);
            }
        }
        return out;
    }
}
