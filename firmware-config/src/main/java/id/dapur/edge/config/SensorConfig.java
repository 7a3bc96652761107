package id.dapur.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A temperature sensor and the equipment it watches.
 *
 * @param format      the payload the sensor speaks: {@code dapur} or a vendor format
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
public record SensorConfig(
        String id,
        String name,
        String equipment,
        String format,
        String topic,
        String unit,
        String channel,
        double offset,
        Double limit,
        double hysteresis,
        Duration alertDelay,
        Duration maxSilence,
        Defrost defrost,
        Firmware firmware) {
    static final Set<String> EQUIPMENT = Set.of("cold-hold", "freezer", "hot-hold", "cooling");
    public static final List<String> FORMATS =
            List.of("dapur", "tasmota", "shelly", "shelly-gen2", "esphome", "zigbee2mqtt");

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
            for (String s : n.stringList("at", Pattern.compile("\\d{2}:\\d{2}"), "a time like 02:00")) {
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

    /**
     * The settings the sensor's own firmware must run with (docs/sensor-firmware.md): read over
     * MQTT, the differences pushed, checked again every {@code checkEvery}; a device that does not keep
     * them raises {@code SENSOR_CONFIG_DRIFT}. Keys are the vendor's: Tasmota commands ({@code TelePeriod},
     * {@code TempRes}, {@code TempOffset}, {@code SetOption<n>}...), Shelly Gen2 component configuration
     * ({@code Temperature:0.report_thr_C}, {@code Sys.sntp.server}; nested mappings are flattened),
     * Zigbee2MQTT device options ({@code temperature_precision}). Values are scalars.
     */
    public record Firmware(Map<String, JsonNode> settings, Duration checkEvery) {
        static final Map<String, Pattern> KEYS = Map.of(
                "tasmota",
                        Pattern.compile("TelePeriod|TempRes|TempOffset|HumRes|HumOffset|PressRes|SetOption[0-9]{1,3}"),
                "shelly-gen2",
                        Pattern.compile(
                                "(Temperature|Humidity|DevicePower):[0-9]{1,3}\\.[A-Za-z_]{1,32}|Sys(\\.[a-z_]{1,32}){1,3}"),
                "zigbee2mqtt", Pattern.compile("[a-z][a-z0-9_]{0,47}"));

        public Firmware {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        static Firmware read(ConfigNode n, String format) {
            Duration every =
                    n.duration("checkEvery", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(24));
            JsonNode tree = n.tree("settings");
            Map<String, JsonNode> flat = new LinkedHashMap<>();
            Pattern keys = KEYS.get(format);
            if (keys == null) {
                n.problem(
                        null,
                        "esphome".equals(format)
                                ? "ESPHome compiles its settings into the firmware; its MQTT API cannot read or change them"
                                : "is supported for tasmota, shelly-gen2 and zigbee2mqtt sensors, not " + format);
                return new Firmware(flat, every);
            }
            if (tree == null || !tree.isObject() || tree.isEmpty()) {
                n.problem("settings", "must be a mapping of the settings the device must run with");
                return new Firmware(flat, every);
            }
            flatten("", tree, flat);
            for (var e : flat.entrySet()) {
                if (!keys.matcher(e.getKey()).matches()) {
                    n.problem(
                            "settings." + e.getKey(), "is not a setting the agent may set on a " + format + " device");
                } else if (!e.getValue().isValueNode()
                        || e.getValue().isNull()
                        || e.getValue().asText().length() > 64) {
                    n.problem("settings." + e.getKey(), "must be a number, true/false or a short text");
                }
            }
            if (flat.size() > 32) {
                n.problem("settings", "has " + flat.size() + " settings; at most 32");
            }
            return new Firmware(flat, every);
        }

        private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
            if (node.isObject() && !node.isEmpty()) {
                node.fields()
                        .forEachRemaining(f ->
                                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
            } else {
                out.put(prefix, node);
            }
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
        Firmware firmware = n.has("firmware") ? n.object("firmware", f -> Firmware.read(f, format)) : null;
        n.known("firmware");
        if (firmware != null && topic != null && "tasmota".equals(format) && !topic.matches("tele/[^/]+/SENSOR")) {
            n.problem("firmware", "needs the Tasmota default topic tele/<topic>/SENSOR to reach the device's commands");
        }
        if (firmware != null
                && topic != null
                && "zigbee2mqtt".equals(format)
                && (!topic.contains("/") || topic.contains("/bridge/"))) {
            n.problem("firmware", "needs the Zigbee2MQTT device topic <base>/<friendly name>");
        }
        return id == null
                ? null
                : new SensorConfig(
                        id,
                        name,
                        equipment,
                        format,
                        topic,
                        unit,
                        channel,
                        offset,
                        limit,
                        hysteresis,
                        delay,
                        silence,
                        defrost,
                        firmware);
    }
}
