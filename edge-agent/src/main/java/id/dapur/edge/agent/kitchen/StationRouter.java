package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.orders.OrderLine;
import id.dapur.edge.config.StationConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Splits an order into station tickets: each station cooks the categories it claims, lines of a
 * category nobody claims go to the default station, and every expo station gets the whole order.
 */
public final class StationRouter {
    private final List<StationConfig> stations;
    private final Map<String, String> stationOfCategory = new HashMap<>();
    private final String defaultStation;
    private final Pacing pacing;

    public StationRouter(List<StationConfig> stations, String defaultStation) {
        this(stations, defaultStation, Pacing.NONE);
    }

    /** With {@code pacing}: the first course's lines at pacing stations are fired by prep time. */
    public StationRouter(List<StationConfig> stations, String defaultStation, Pacing pacing) {
        this.pacing = pacing;
        this.stations = List.copyOf(stations);
        this.defaultStation = defaultStation;
        for (StationConfig s : stations) {
            s.categories().forEach(c -> stationOfCategory.put(c, s.id()));
        }
    }

    public String stationFor(String category) {
        return stationOfCategory.getOrDefault(category, defaultStation);
    }

    public boolean hasExpo() {
        return stations.stream().anyMatch(StationConfig::expo);
    }

    public boolean isExpo(String station) {
        return stations.stream().anyMatch(s -> s.id().equals(station) && s.expo());
    }

    public boolean knows(String station) {
        return stations.stream().anyMatch(s -> s.id().equals(station));
    }

    /** Tickets in station declaration order; {@code seq} numbers them in that order. */
    public List<Ticket> route(Order order, Instant now, LongSupplier seq) {
        return route(order, now, seq, Set.of());
    }

    /**
     * Tickets in station declaration order; a line whose sku, or one of whose modifiers
     * ({@code mod:<name in lower case>}), is in {@code unavailable} is flagged.
     */
    public List<Ticket> route(Order order, Instant now, LongSupplier seq, Set<String> unavailable) {
        Map<String, List<TicketLine>> byStation = new LinkedHashMap<>();
        List<TicketLine> all = new ArrayList<>();
        for (OrderLine l : order.items()) {
            TicketLine tl = new TicketLine(
                    l.lineId(),
                    l.name(),
                    l.qty(),
                    l.modifiers(),
                    l.note(),
                    l.allergens(),
                    TicketStatus.NEW,
                    l.course(),
                    l.sku(),
                    unavailable(l, unavailable),
                    null);
            byStation
                    .computeIfAbsent(stationFor(l.category()), k -> new ArrayList<>())
                    .add(tl);
            all.add(tl);
        }
        int firstCourse = all.stream().mapToInt(TicketLine::course).min().orElse(1);
        List<Ticket> tickets = new ArrayList<>();
        for (StationConfig s : stations) {
            List<TicketLine> lines = s.expo() ? all : byStation.get(s.id());
            if (lines != null) {
                tickets.add(new Ticket(
                        Ticket.idOf(order.orderId(), s.id()),
                        order.orderId(),
                        s.id(),
                        TicketStatus.NEW,
                        now,
                        now,
                        order.channel(),
                        order.table(),
                        lines,
                        seq.getAsLong(),
                        1,
                        s.expo(),
                        null,
                        null,
                        firstCourse,
                        null,
                        null,
                        order.displayName()));
            }
        }
        return pacing.pace(tickets, firstCourse, now);
    }

    /** The availability key of a modifier: {@code mod:} and its name in lower case (the contract extension). */
    public static String modifierKey(String modifier) {
        return "mod:" + modifier.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean unavailable(OrderLine l, Set<String> out) {
        if (out.isEmpty()) {
            return false;
        }
        if (l.sku() != null && out.contains(l.sku())) {
            return true;
        }
        return l.modifiers().stream().anyMatch(m -> out.contains(modifierKey(m)));
    }
}
