package id.dapur.edge.agent.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A fault the sandbox injects on a new order, one a POS must survive by sending the same order again. */
public enum Fault {
    /** The order is stored; its ACCEPTED never reaches the POS (HTTP: the connection closes instead of the 201). */
    WITHHOLD("withhold", "the order was stored but its ACCEPTED was withheld"),
    /** The order is not stored: HTTP 503 STORAGE_UNAVAILABLE with Retry-After; over MQTT no answer at all. */
    UNAVAILABLE(
            "unavailable", "the agent could not store the order (HTTP 503 STORAGE_UNAVAILABLE; over MQTT, no answer)"),
    /** The POS's connection drops: MQTT right after the order was taken in (stored), HTTP before it was read (not stored). */
    DROP("drop", "the connection dropped (MQTT: after the order was taken; HTTP: before it was read)"),
    /** The order is stored, its ACCEPTED withheld, and the agent restarts (every connection closes, ports refuse for a moment). */
    RESTART("restart", "the agent restarted after storing the order, before its ACCEPTED went out");

    private final String wire;
    private final String what;

    Fault(String wire, String what) {
        this.wire = wire;
        this.what = what;
    }

    public String wire() {
        return wire;
    }

    /** What the POS lived through, in plain words. */
    public String what() {
        return what;
    }

    /** {@code withhold,unavailable,drop,restart} or {@code all}; empty text: none. */
    public static List<Fault> parseList(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("none")) {
            return List.of();
        }
        if (text.equalsIgnoreCase("all")) {
            return List.of(values());
        }
        List<Fault> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(parse(part.trim()));
        }
        return List.copyOf(out);
    }

    public static Fault parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.wire.equals(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown fault '" + name + "'; the faults are withhold, unavailable, drop, restart (or all)"));
    }
}
