package id.dapur.edge.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the agent may restart itself for an update (docs/fleet.md), under {@code maintenance}:
 * within {@code updateHours} (windows of the agent's local time, {@code "HH:mm-HH:mm"}, one may cross
 * midnight; none: any hour) and while the kitchen is quiet as {@code quietWhen} says:
 * {@link QuietWhen#NO_NEW_TICKETS} (no ticket younger than {@code quietAfter} still open: not yet served or voided),
 * {@link QuietWhen#LOAD_BELOW_BUSY} (the kitchen's load level is NORMAL) or {@link QuietWhen#ALWAYS}
 * (the kitchen is not looked at). An update that arrives outside such a moment waits, looking again
 * every {@code recheck}; the command's {@code force} applies it at once. The cloud may set these.
 */
public record MaintenanceConfig(List<Window> updateHours, QuietWhen quietWhen, Duration quietAfter, Duration recheck) {
    public static final MaintenanceConfig DEFAULTS =
            new MaintenanceConfig(List.of(), QuietWhen.NO_NEW_TICKETS, Duration.ofMinutes(10), Duration.ofSeconds(30));

    private static final Pattern WINDOW = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");

    /** What makes the kitchen quiet enough for a restart. */
    public enum QuietWhen {
        NO_NEW_TICKETS,
        LOAD_BELOW_BUSY,
        ALWAYS
    }

    /** From {@code from} (inclusive) to {@code to} (exclusive), local time; {@code to} before {@code from} crosses midnight. */
    public record Window(LocalTime from, LocalTime to) {
        public boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public MaintenanceConfig {
        updateHours = List.copyOf(updateHours);
    }

    /** Whether the time of day is in one of the update hours (always, when there are none). */
    public boolean inUpdateHours(LocalTime t) {
        return updateHours.isEmpty() || updateHours.stream().anyMatch(w -> w.contains(t));
    }

    static MaintenanceConfig read(ConfigNode n) {
        List<String> raw = n.stringList("updateHours", WINDOW, "a window like 22:00-06:00");
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Matcher m = WINDOW.matcher(raw.get(i));
            if (!m.matches()) {
                continue; // reported by stringList
            }
            Window w = new Window(
                    LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
                    LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            if (w.from().equals(w.to())) {
                n.problem("updateHours", "'" + raw.get(i) + "' starts and ends at the same minute: an empty window");
            }
            windows.add(w);
        }
        String when = n.string("quietWhen", DEFAULTS.quietWhen().name());
        QuietWhen quietWhen = DEFAULTS.quietWhen();
        try {
            quietWhen = QuietWhen.valueOf(when.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            n.problem("quietWhen", "must be NO_NEW_TICKETS, LOAD_BELOW_BUSY or ALWAYS, got '" + when + "'");
        }
        Duration after = n.duration("quietAfter", DEFAULTS.quietAfter(), Duration.ofMinutes(1), Duration.ofHours(4));
        Duration recheck = n.duration("recheck", DEFAULTS.recheck(), Duration.ofSeconds(5), Duration.ofMinutes(10));
        return new MaintenanceConfig(windows, quietWhen, after, recheck);
    }
}
