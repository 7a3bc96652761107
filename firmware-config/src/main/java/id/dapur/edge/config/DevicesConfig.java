package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
            Duration failoverAfter,
            String render,
            Secret password,
            boolean mqtt) {
        /** The models device-drivers knows (PrinterModel); a test keeps the two lists equal. */
        public static final List<String> MODELS = List.of(
                "generic",
                "epson-tm-t20",
                "epson-tm-t88",
                "epson-tm-m30",
                "xprinter",
                "epson-tm-u220",
                "star-prnt",
                "star-tsp100");

        private static final Pattern RENDER = Pattern.compile("text|raster");

        /** Models that can poll the agent over Star CloudPRNT ({@code cloudprnt://} connections). */
        public static final Set<String> CLOUDPRNT = Set.of("star-prnt", "star-tsp100");

        /** Models that print only raster images: text is drawn by the agent ({@code render: raster}). */
        public static final Set<String> RASTER_ONLY = Set.of("star-tsp100");

        /** The paper widths (mm) each model takes, the first its default; a test keeps them equal to PrinterModel's. */
        public static final Map<String, List<Integer>> WIDTHS = Map.of(
                "generic", List.of(58, 80),
                "epson-tm-t20", List.of(58, 80),
                "epson-tm-t88", List.of(58, 80),
                "epson-tm-m30", List.of(58, 80),
                "xprinter", List.of(58, 80),
                "epson-tm-u220", List.of(76),
                "star-prnt", List.of(58, 80),
                "star-tsp100", List.of(58, 80));

        public PrinterConfig {
            stations = List.copyOf(stations);
        }

        static PrinterConfig read(ConfigNode n) {
            String id = n.matching("id", null, ID, ID_RULE);
            DeviceConnection c = DeviceConnection.read(n, "connection");
            String model = n.string("model", "generic");
            if (!MODELS.contains(model)) {
                n.problem("model", "unknown printer model '" + model + "' (known: " + String.join(", ", MODELS) + ")");
            }
            List<Integer> widths = WIDTHS.getOrDefault(model, List.of(58, 80));
            int width = n.integer("width", widths.contains(80) ? 80 : widths.get(0), 58, 80);
            if (!widths.contains(width)) {
                n.problem(
                        "width",
                        (MODELS.contains(model) ? model + " takes paper of " : "must be ")
                                + widths.stream().map(String::valueOf).collect(Collectors.joining(" or "))
                                + " mm, got " + width);
            }
            List<String> stations = n.stringList("stations", ID, "a station id");
            String backup = n.matching("backup", "", Pattern.compile("|" + ID.pattern()), "a printer id");
            Duration failover = n.duration("failoverAfter", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1));
            Secret password = null;
            boolean mqtt = false;
            if (c != null && "cloudprnt".equals(c.scheme())) {
                if (MODELS.contains(model) && !CLOUDPRNT.contains(model)) {
                    n.problem(
                            "connection",
                            "cloudprnt:// is for Star printers that poll ("
                                    + String.join(
                                            ", ", CLOUDPRNT.stream().sorted().toList()) + "), not " + model);
                }
                password = n.strongSecret("password", 12); // the printer's own account, HTTP Basic (and MQTT)
                mqtt = n.bool("mqtt", false);
            } else if (c != null && "sdp".equals(c.scheme())) {
                if (MODELS.contains(model) && !model.startsWith("epson-")) {
                    n.problem("connection", "sdp:// (Server Direct Print) is for Epson printers, not " + model);
                }
                password = n.strongSecret("password", 12);
            }
            if (n.has("mqtt") && !(c != null && "cloudprnt".equals(c.scheme()))) {
                n.known("mqtt");
                n.problem("mqtt", "is only for CloudPRNT printers (cloudprnt:// connections)");
            }
            if (!(c != null && ("cloudprnt".equals(c.scheme()) || "sdp".equals(c.scheme()))) && n.has("password")) {
                n.known("password");
                if (c != null) {
                    n.problem(
                            "password",
                            "is only for printers that poll the agent (cloudprnt:// and sdp:// connections)");
                }
            }
            boolean rasterOnly = RASTER_ONLY.contains(model);
            String render = n.matching("render", rasterOnly ? "raster" : "text", RENDER, "text or raster");
            if (rasterOnly && "text".equals(render)) {
                n.problem(
                        "render", model + " prints only raster images: it cannot print text, so render must be raster");
            } else if (!rasterOnly && "raster".equals(render) && MODELS.contains(model)) {
                n.problem(
                        "render",
                        model + " is sent text; drawing chits as images is for raster-only models ("
                                + String.join(", ", RASTER_ONLY) + ")");
            }
            return id == null
                    ? null
                    : new PrinterConfig(
                            id,
                            c,
                            width,
                            stations,
                            backup == null || backup.isEmpty() ? null : backup,
                            model,
                            failover,
                            render,
                            password,
                            mqtt);
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
