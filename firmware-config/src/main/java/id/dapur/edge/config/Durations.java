package id.dapur.edge.config;

import java.time.Duration;

/** Durations as users write them: {@code 90s}, {@code 10m}, {@code 2h}, {@code 7d}. */
public final class Durations {
    private Durations() {}

    /** Parses {@code 500ms|90s|10m|2h|7d}; throws {@link IllegalArgumentException} naming the text. */
    public static Duration parse(String text) {
        Duration d = ConfigNode.parseDuration(text);
        if (d == null) {
            throw new IllegalArgumentException("not a duration (like 90s, 10m, 2h): '" + text + "'");
        }
        return d;
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
