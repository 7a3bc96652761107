package id.dapur.edge.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which key does what on a station's screen: a keyboard or a bump bar sends key names as the browser
 * reports them ({@code KeyboardEvent.key}: {@code Enter}, {@code ArrowLeft}, {@code r}, {@code F5}).
 * Number keys 1-9 (and 0 for the tenth card) always select a card.
 */
public record ScreenKeys(Map<String, String> byCommand) {
    /** Commands and their default keys, in the order a help line shows them. */
    public static final Map<String, String> DEFAULTS = Collections.unmodifiableMap(defaults());

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9 +=*/.,;'\\[\\]\\\\`-]|[A-Z][A-Za-z0-9]{1,20}");

    public ScreenKeys {
        byCommand = Collections.unmodifiableMap(new LinkedHashMap<>(byCommand)); // keeps the help order
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bump", "Enter");
        m.put("start", "s");
        m.put("recall", "r");
        m.put("undo", "u");
        m.put("fire", "f");
        m.put("acknowledge", "a");
        m.put("next", "ArrowRight");
        m.put("previous", "ArrowLeft");
        m.put("lineDown", "ArrowDown");
        m.put("lineUp", "ArrowUp");
        m.put("back", "Escape");
        m.put("soldOut", "x");
        m.put("recipe", "i");
        m.put("waste", "w");
        m.put("staff", "p");
        return m;
    }

    public static ScreenKeys defaultKeys() {
        return new ScreenKeys(DEFAULTS);
    }

    static ScreenKeys read(ConfigNode n) {
        Map<String, String> out = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> commandOfKey = new LinkedHashMap<>();
        for (String command : DEFAULTS.keySet()) {
            String key = n.string(command, DEFAULTS.get(command));
            if (key == null || !KEY.matcher(key).matches() || key.matches("[0-9]")) {
                n.problem(
                        command, "must be a key name as the browser reports it (Enter, ArrowLeft, r, F5), not a digit");
                continue;
            }
            out.put(command, key);
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            String prev = commandOfKey.putIfAbsent(e.getValue(), e.getKey());
            if (prev != null) {
                n.problem(e.getKey(), "key '" + e.getValue() + "' is already used for " + prev);
            }
        }
        return new ScreenKeys(out);
    }
}
