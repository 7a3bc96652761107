package id.dapur.edge.devices.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Tasmota device (default FullTopic {@code %prefix%/%topic%/}) with a temperature sensor: answers
 * {@code cmnd/<topic>/<Command>} on {@code stat/<topic>/RESULT} as Tasmota does — {@code {"TelePeriod":300}},
 * {@code {"TempRes":1}}, {@code {"TempOffset":0.0}}, {@code {"SetOption8":"OFF"}}, an unknown command
 * {@code {"Command":"Unknown"}} — command names in any case; announces itself with the retained
 * {@code tele/<topic>/LWT} {@code Online}. Factory settings: TelePeriod 300, TempRes 1, TempOffset 0.
 */
public final class SimulatedTasmota implements SimulatedMqttDevice {
    private static final List<String> NUMERIC =
            List.of("TelePeriod", "TempRes", "TempOffset", "HumRes", "HumOffset", "PressRes");
    private final String topic;
    private final Map<String, Double> settings = new LinkedHashMap<>();
    private volatile boolean stuck;

    public SimulatedTasmota(String topic) {
        this.topic = topic;
        factoryReset();
    }

    @Override
    public synchronized void factoryReset() {
        settings.clear();
        settings.put("TelePeriod", 300.0);
        settings.put("TempRes", 1.0);
        settings.put("TempOffset", 0.0);
        settings.put("HumRes", 1.0);
        settings.put("HumOffset", 0.0);
        settings.put("PressRes", 1.0);
    }

    @Override
    public void stuck(boolean stuck) {
        this.stuck = stuck;
    }

    public synchronized Double setting(String name) {
        return settings.get(name);
    }

    @Override
    public List<String> subscriptions() {
        return List.of("cmnd/" + topic + "/+");
    }

    @Override
    public List<Publish> onConnect() {
        return List.of(Publish.of("tele/" + topic + "/LWT", "Online", true));
    }

    @Override
    public synchronized List<Publish> onMessage(String t, byte[] payload) {
        String prefix = "cmnd/" + topic + "/";
        if (!t.startsWith(prefix)) {
            return List.of();
        }
        String command = canonical(t.substring(prefix.length()));
        String arg = new String(payload, StandardCharsets.UTF_8).trim();
        List<Publish> out = new ArrayList<>();
        if (command == null) {
            out.add(Publish.of("stat/" + topic + "/RESULT", "{\"Command\":\"Unknown\"}", false));
            return out;
        }
        if (!arg.isEmpty() && !stuck) {
            double v;
            if (command.startsWith("SetOption")) {
                v = switch (arg.toUpperCase(Locale.ROOT)) {
                    case "1", "ON", "TRUE" -> 1;
                    default -> 0;
                };
            } else {
                try {
                    v = Double.parseDouble(arg);
                } catch (NumberFormatException e) {
                    v = settings.getOrDefault(command, 0.0);
                }
            }
            settings.put(command, v);
        }
        double v = settings.getOrDefault(command, 0.0);
        String value;
        if (command.startsWith("SetOption")) {
            value = v != 0 ? "\"ON\"" : "\"OFF\"";
        } else if (command.endsWith("Offset")) {
            value = String.format(Locale.ROOT, "%.1f", v);
        } else {
            value = Long.toString((long) v);
        }
        out.add(Publish.of("stat/" + topic + "/RESULT", "{\"" + command + "\":" + value + "}", false));
        return out;
    }

    /** Tasmota's own spelling of a command typed in any case; null when it is not one this device knows. */
    private static String canonical(String typed) {
        for (String c : NUMERIC) {
            if (c.equalsIgnoreCase(typed)) {
                return c;
            }
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        if (lower.matches("setoption[0-9]{1,3}")) {
            return "SetOption" + lower.substring("setoption".length());
        }
        return null;
    }
}
