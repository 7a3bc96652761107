package id.dapur.edge.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a device is: {@code tcp://host:port}, {@code serial:///dev/ttyUSB0?baud=9600&parity=even&databits=7},
 * {@code file:///path}, or for a printer that polls the agent: over Star CloudPRNT,
 * {@code cloudprnt://00:11:62:aa:bb:cc} (its MAC address, kept in {@link #host()}, lower case with
 * colons), over Epson Server Direct Print, {@code sdp://<its ID>} (kept in {@link #host()}). Parsed
 * and checked at load time, so a typo fails {@code check-config}.
 */
public record DeviceConnection(String scheme, String host, int port, String path, Map<String, String> options) {
    private static final Set<String> SERIAL_OPTIONS = Set.of("baud", "parity", "databits", "stopbits", "flow");
    private static final String CLOUDPRNT = "cloudprnt://";
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final String SDP = "sdp://";
    private static final Pattern SDP_ID = Pattern.compile("[A-Za-z0-9_.-]{1,30}");

    public DeviceConnection {
        options = Map.copyOf(options);
    }

    /** Parses the text; returns null and records a problem if it is not a usable connection. */
    static DeviceConnection read(ConfigNode n, String key) {
        String text = n.requiredString(key);
        if (text == null) {
            return null;
        }
        if (text.startsWith(CLOUDPRNT)) {
            String mac =
                    text.substring(CLOUDPRNT.length()).toLowerCase(Locale.ROOT).replace('-', ':');
            if (!MAC.matcher(mac).matches()) {
                n.problem(
                        key,
                        "must look like cloudprnt://00:11:62:aa:bb:cc (the printer's MAC address), got '" + text + "'");
                return null;
            }
            return new DeviceConnection("cloudprnt", mac, -1, null, Map.of());
        }
        if (text.startsWith(SDP)) {
            String id = text.substring(SDP.length());
            if (!SDP_ID.matcher(id).matches()) {
                n.problem(
                        key,
                        "must look like sdp://<the printer's Server Direct Print ID: 1-30 of A-Z a-z 0-9 _ . ->, got '"
                                + text + "'");
                return null;
            }
            return new DeviceConnection("sdp", id, -1, null, Map.of());
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if ("tcp".equals(scheme)) {
                if (uri.getHost() == null || uri.getPort() < 1) {
                    n.problem(key, "must look like tcp://host:9100, got '" + text + "'");
                    return null;
                }
                return new DeviceConnection(scheme, uri.getHost(), uri.getPort(), null, Map.of());
            }
            if ("serial".equals(scheme) || "file".equals(scheme)) {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    n.problem(key, "must name a device path, like serial:///dev/ttyUSB0?baud=9600");
                    return null;
                }
                Map<String, String> opts = query(uri.getRawQuery());
                if ("serial".equals(scheme) && !checkSerial(n, key, opts)) {
                    return null;
                }
                return new DeviceConnection(scheme, null, -1, uri.getPath(), opts);
            }
            n.problem(key, "must start with tcp://, serial://, file://, cloudprnt:// or sdp://, got '" + text + "'");
        } catch (Exception e) {
            n.problem(key, "is not a valid connection URI: '" + text + "'");
        }
        return null;
    }

    private static boolean checkSerial(ConfigNode n, String key, Map<String, String> opts) {
        for (String k : opts.keySet()) {
            if (!SERIAL_OPTIONS.contains(k)) {
                n.problem(key, "unknown serial option '" + k + "' (known: baud, parity, databits, stopbits, flow)");
                return false;
            }
        }
        String baud = opts.getOrDefault("baud", "9600");
        String parity = opts.getOrDefault("parity", "none");
        String bits = opts.getOrDefault("databits", "8");
        String stop = opts.getOrDefault("stopbits", "1");
        String flow = opts.getOrDefault("flow", "none");
        boolean ok = baud.matches("\\d{3,7}")
                && Set.of("none", "even", "odd", "mark", "space").contains(parity)
                && Set.of("5", "6", "7", "8").contains(bits)
                && Set.of("1", "1.5", "2").contains(stop)
                && Set.of("none", "rtscts", "xonxoff").contains(flow);
        if (!ok) {
            n.problem(
                    key,
                    "serial options must be baud=<300-4000000>, parity=none|even|odd|mark|space, "
                            + "databits=5-8, stopbits=1|1.5|2, flow=none|rtscts|xonxoff");
        }
        return ok;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
