package id.dapur.edge.agent.kitchen;

import id.dapur.edge.config.MenuConfig;
import id.dapur.edge.config.StationConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fire by prep time: within one order and course, a line whose item cooks faster than the
 * slowest line of that course gets {@code fireAt} = when the course starts + (slowest − its own prep
 * time), so everything finishes together. Only lines at stations with {@code pacing: true} are held;
 * the slowest line may be anywhere. Screens show a held line as waiting until then; a cook can always
 * fire it early (FIRE with its {@code lineId}). Pure: the caller gives the time.
 */
public final class Pacing {
    public static final Pacing NONE = new Pacing(Set.of(), new PrepTimes(MenuConfig.NONE, Duration.ZERO, false));
    private final Set<String> paced;
    private final PrepTimes prep;

    Pacing(Set<String> pacedStations, PrepTimes prep) {
        this.paced = Set.copyOf(pacedStations);
        this.prep = prep;
    }

    public static Pacing of(List<StationConfig> stations, PrepTimes prep) {
        return new Pacing(
                stations.stream()
                        .filter(StationConfig::pacing)
                        .map(StationConfig::id)
                        .collect(Collectors.toSet()),
                prep);
    }

    public boolean any() {
        return !paced.isEmpty();
    }

    /** The tickets with the lines of {@code course} paced from {@code start}; tickets unchanged are returned as they are. */
    public List<Ticket> pace(List<Ticket> tickets, int course, Instant start) {
        if (paced.isEmpty()) {
            return tickets;
        }
        Duration slowest = Duration.ZERO;
        for (Ticket t : tickets) {
            if (t.expo()) {
                continue;
            }
            for (TicketLine l : t.items()) {
                if (l.course() == course && l.status().isLive()) {
                    Duration d = prep.of(l.sku());
                    slowest = d.compareTo(slowest) > 0 ? d : slowest;
                }
            }
        }
        List<Ticket> out = new ArrayList<>(tickets.size());
        for (Ticket t : tickets) {
            if (t.expo() || !paced.contains(t.station())) {
                out.add(t);
                continue;
            }
            List<TicketLine> lines = new ArrayList<>(t.items().size());
            boolean changed = false;
            for (TicketLine l : t.items()) {
                Duration wait = slowest.minus(prep.of(l.sku()));
                if (l.course() == course && l.status() == TicketStatus.NEW && !wait.isZero() && !wait.isNegative()) {
                    lines.add(l.firingAt(start.plus(wait)));
                    changed = true;
                } else {
                    lines.add(l);
                }
            }
            out.add(changed ? t.withPacedItems(lines) : t);
        }
        return out;
    }
}
