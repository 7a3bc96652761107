package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Device and cloud sections of the configuration; each is optional. */
public final class DevicesConfig {
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
    static final String ID_RULE = "1-32 characters of a-z, 0-9 and '-'";

    private DevicesConfig() {}

    /**
     * An ESC/POS printer; {@code stations} it prints chits for, {@code backup} the printer its jobs move
     * to once it has been unable to print for {@code failoverAfter}; {@code model} one of {@link #MODELS}.
     */
    public record PrinterConfig(
            String id,
            DeviceConnection connection,
            int width,
            List<String> stations,
            String backup,
            String model,
            Duration failoverAfter) {
        /** The models device-drivers knows (PrinterModel); a test keeps the two lists equal. */
        public static final List<String> MODELS =
                List.of("generic", "epson-tm-t20", "epson-tm-t88", "epson-tm-m30", "xprinter");

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
            return id == null
                    ? null
                    : new PrinterConfig(
                            id,
                            c,
                            width,
                            stations,
                            backup == null || backup.isEmpty() ? null : backup,
                            model,
                            failover);
        }
    }

    /**
     * A serial scale speaking one of the supported protocols; {@code unit} is what the scale is set to
     * weigh in when its frames do not say; asked every {@code pollInterval} (CAS streams on its own).
     */
    public record ScaleConfig(
            String id, DeviceConnection connection, String protocol, String unit, Duration pollInterval) {
        static final Set<String> PROTOCOLS = Set.of("toledo-8217", "mt-sics", "cas", "dialog06");

        static ScaleConfig read(ConfigNode n) {
            String id = n.matching("id", null, ID, ID_RULE);
            DeviceConnection c = DeviceConnection.read(n, "connection");
            String protocol = n.requiredString("protocol");
            if (protocol != null && !PROTOCOLS.contains(protocol)) {
                n.problem("protocol", "must be one of toledo-8217, mt-sics, cas, dialog06, got '" + protocol + "'");
            }
            // Toledo 8217 and Dialog 06 frames carry no unit: it is set on the scale and must be told here
            String unit = n.string("unit", "kg");
            if (!Set.of("kg", "g", "lb").contains(unit)) {
                n.problem("unit", "must be kg, g or lb, got '" + unit + "'");
            }
            if (c != null && !"serial".equals(c.scheme()) && !"tcp".equals(c.scheme())) {
                n.problem("connection", "a scale needs a serial:// (or tcp:// serial server) connection");
            }
            Duration poll =
                    n.duration("pollInterval", Duration.ofMillis(250), Duration.ofMillis(50), Duration.ofSeconds(10));
            return id == null ? null : new ScaleConfig(id, c, protocol, unit, poll);
        }
    }
}
