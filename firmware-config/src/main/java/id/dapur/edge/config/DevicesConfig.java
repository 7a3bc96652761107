package id.dapur.edge.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Device and cloud sections of the configuration (CONTRACT §2); each is optional. */
public final class DevicesConfig {
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
    static final String ID_RULE = "1-32 characters of a-z, 0-9 and '-'";

    private DevicesConfig() {
    }

    /**
     * An ESC/POS printer; {@code stations} it prints chits for, {@code backup} the printer its jobs move
     * to once it has been unable to print for {@code failoverAfter}; {@code model} one of {@link #MODELS}.
     */
    public record PrinterConfig(String id, DeviceConnection connection, int width, List<String> stations,
                                String backup, String model, Duration failoverAfter) {
        /** The models device-drivers knows (PrinterModel); a test keeps the two lists equal. */
        public static final List<String> MODELS = List.of("generic", "epson-tm-t20", "epson-tm-t88", "epson-tm-m30", "xprinter");

        public PrinterConfig {
            stations = List.copyOf(stations);
        }

        static PrinterConfig read(ConfigNode n) {
            String id = n.matching("id", null, ID, ID_RULE);
            DeviceConnection c = DeviceConnection.read(n, "connection");
            int width = n.integer("width", 80, 58, 80);
            if (width != 58 && width != 80) {
                n.problem("width", "must be 58 or 80 (mm), got " + width);
            }
            List<String> stations = n.stringList("stations", ID, "a station id");
            String backup = n.matching("backup", "", Pattern.compile("|" + ID.pattern()), "a printer id");
            String model = n.string("model", "generic");
            if (!MODELS.contains(model)) {
                n.problem("model", "unknown printer model '" + model + "' (known: " + String.join(", ", MODELS) + ")");
            }
            Duration failover = n.duration("failoverAfter", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
            return id == null ? null : new PrinterConfig(id, c, width, stations, backup == null || backup.isEmpty() ? null : backup,
                    model, failover);
        }
    }

    /** A serial scale speaking one of the supported protocols. */
    public record ScaleConfig(String id, DeviceConnection connection, String protocol) {
        static final Set<String> PROTOCOLS = Set.of("toledo-8217", "mt-sics", "cas", "dialog06");

        static ScaleConfig read(ConfigNode n) {
            String id = n.matching("id", null, ID, ID_RULE);
            DeviceConnection c = DeviceConnection.read(n, "connection");
            String protocol = n.requiredString("protocol");
            if (protocol != null && !PROTOCOLS.contains(protocol)) {
                n.problem("protocol", "must be one of toledo-8217, mt-sics, cas, dialog06, got '" + protocol + "'");
            }
            return id == null ? null : new ScaleConfig(id, c, protocol);
        }
    }

    /** A temperature sensor and the equipment it watches. */
    public record SensorConfig(String id, String equipment, String format, String topic,
                               Duration alertDelay, Duration maxSilence) {
        static final Set<String> EQUIPMENT = Set.of("cold-hold", "freezer", "hot-hold", "cooling");
        static final Set<String> FORMATS = Set.of("dapur", "tasmota", "shelly", "shelly-gen2", "esphome", "zigbee2mqtt");

        static SensorConfig read(ConfigNode n) {
            String id = n.matching("id", null, ID, ID_RULE);
            String equipment = n.requiredString("equipment");
            if (equipment != null && !EQUIPMENT.contains(equipment)) {
                n.problem("equipment", "must be one of cold-hold, freezer, hot-hold, cooling, got '" + equipment + "'");
            }
            String format = n.string("format", "dapur");
            if (!FORMATS.contains(format)) {
                n.problem("format", "must be one of dapur, tasmota, shelly, shelly-gen2, esphome, zigbee2mqtt, got '" + format + "'");
            }
            String topic = n.string("topic", null);
            if (topic != null && (topic.isEmpty() || topic.contains("#") || topic.contains("+") || topic.length() > 256)) {
                n.problem("topic", "must be a concrete MQTT topic without wildcards");
            }
            if (topic == null && !"dapur".equals(format)) {
                n.problem("topic", "is required for the " + format + " format");
            }
            Duration delay = n.duration("alertDelay", Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(12));
            Duration silence = n.duration("maxSilence", Duration.ofMinutes(15), Duration.ofSeconds(10), Duration.ofDays(1));
            return id == null ? null : new SensorConfig(id, equipment, format, topic, delay, silence);
        }
    }

    /** Food-safety rules: which jurisdiction's limits apply. */
    public record HaccpConfig(String jurisdiction) {
        static final Set<String> JURISDICTIONS = Set.of("us-food-code", "uk", "id-bpom");

        static HaccpConfig read(ConfigNode n) {
            String j = n.string("jurisdiction", "us-food-code");
            if (!JURISDICTIONS.contains(j)) {
                n.problem("jurisdiction", "must be one of us-food-code, uk, id-bpom, got '" + j + "'");
            }
            return new HaccpConfig(j);
        }
    }

    /** The cloud back office; absent means the agent runs standalone. */
    public record CloudConfig(URI url) {
        static CloudConfig read(ConfigNode n) {
            String u = n.requiredString("url");
            if (u == null) {
                return null;
            }
            try {
                URI uri = new URI(u);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    n.problem("url", "must be an https:// URL, got '" + u + "'");
                    return null;
                }
                return new CloudConfig(uri);
            } catch (Exception e) {
                n.problem("url", "is not a URL: '" + u + "'");
                return null;
            }
        }
    }
}
