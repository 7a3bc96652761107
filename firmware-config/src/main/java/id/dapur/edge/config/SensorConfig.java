package id.dapur.edge.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A temperature sensor and the equipment it watches.
 *
 * @param format      the payload the sensor speaks: {@code dapur} (CONTRACT §3) or a vendor format
 * @param topic       the vendor topic its readings arrive on (required unless {@code dapur})
 * @param unit        the unit of formats that carry none (Shelly Gen1 plain numbers, ESPHome, Zigbee2MQTT);
 *                    a reading is converted to °C explicitly, and its original value and unit are stored
 * @param channel     which of several probes on one device (Tasmota {@code DS18B20-2}, Shelly Gen2
 *                    {@code temperature:1}); null takes the first
 * @param offset      calibration offset in °C added to every reading before the rules
 * @param limit       overrides the jurisdiction's limit for this sensor (a maximum for cold equipment,
 *                    a minimum for hot), null keeps it
 * @param hysteresis  how far back inside the limit a reading must come to clear an alert (°C)
 * @param defrost     daily defrost windows, when alerts are suppressed or the limit relaxed
 */
public record SensorConfig(String id, String name, String equipment, String format, String topic, String unit,
                           String channel, double offset, Double limit, double hysteresis,
                           Duration alertDelay, Duration maxSilence, Defrost defrost) {
    static final Set<String> EQUIPMENT = Set.of("cold-hold", "freezer", "hot-hold", "cooling");
    public static final List<String> FORMATS = List.of("dapur", "tasmota", "shelly", "shelly-gen2", "esphome", "zigbee2mqtt");

    /**
     * Daily defrost cycles starting at {@code at}, each lasting {@code duration} (recovery included).
     * {@code allowance} °C is added to a cold limit during a window; null suppresses alerts entirely.
     */
    public record Defrost(List<LocalTime> at, Duration duration, Double allowance) {
        public static final Defrost NONE = new Defrost(List.of(), Duration.ZERO, null);

        public Defrost {
            at = List.copyOf(at);
        }

        static Defrost read(ConfigNode n) {
            List<LocalTime> times = new ArrayList<>();
            for (String s : n.stringList("at", java.util.regex.Pattern.compile("\\d{2}:\\d{2}"), "a time like 02:00")) {
                try {
                    times.add(LocalTime.parse(s));
                } catch (DateTimeParseException e) {
                    n.problem("at", "'" + s + "' is not a time of day");
                }
            }
            Duration d = n.duration("duration", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(4));
            Double allowance = n.decimal("allowance", null, 0, 30);
            return new Defrost(times, d, allowance);
        }
    }

    /** True when equipment of this kind must stay cold (a maximum), false when it must stay hot (a minimum). */
    public boolean cold() {
        return !"hot-hold".equals(equipment);
    }

    static SensorConfig read(ConfigNode n) {
        String id = n.matching("id", null, DevicesConfig.ID, DevicesConfig.ID_RULE);
        String name = n.string("name", id);
        String equipment = n.requiredString("equipment");
        if (equipment != null && !EQUIPMENT.contains(equipment)) {
            n.problem("equipment", "must be one of cold-hold, freezer, hot-hold, cooling, got '" + equipment + "'");
        }
        String format = n.string("format", "dapur");
        if (!FORMATS.contains(format)) {
            n.problem("format", "must be one of " + String.join(", ", FORMATS) + ", got '" + format + "'");
        }
        String topic = n.string("topic", null);
        if (topic != null && (topic.isEmpty() || topic.contains("#") || topic.contains("+") || topic.length() > 256)) {
            n.problem("topic", "must be a concrete MQTT topic without wildcards");
        }
        if (topic == null && !"dapur".equals(format)) {
            n.problem("topic", "is required for the " + format + " format");
        }
        if (topic != null && "dapur".equals(format)) {
            n.problem("topic", "is not used by the dapur format (it reads dapur/<outlet>/sensors/<id>)");
        }
        if (topic != null && "shelly-gen2".equals(format) && !topic.endsWith("/events/rpc")) {
            n.problem("topic", "must be the device's <prefix>/events/rpc topic for shelly-gen2");
        }
        String unit = n.string("unit", "C");
        if (!unit.equals("C") && !unit.equals("F")) {
            n.problem("unit", "must be C or F, got '" + unit + "'");
        }
        String channel = n.string("channel", null);
        double offset = n.decimal("offset", 0.0, -10, 10);
        Double limit = n.decimal("limit", null, -60, 150);
        double hysteresis = n.decimal("hysteresis", 0.5, 0, 10);
        Duration delay = n.duration("alertDelay", Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(12));
        Duration silence = n.duration("maxSilence", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1));
        Defrost defrost = n.has("defrost") ? n.object("defrost", Defrost::read) : Defrost.NONE;
        n.known("defrost");
        if (!defrost.at().isEmpty() && !"cold-hold".equals(equipment) && !"freezer".equals(equipment)) {
            n.problem("defrost", "only applies to cold-hold and freezer equipment");
        }
        return id == null ? null : new SensorConfig(id, name, equipment, format, topic, unit, channel, offset, limit,
                hysteresis, delay, silence, defrost);
    }
}
