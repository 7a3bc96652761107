package id.dapur.edge.agent.analytics;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketHistory;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.kitchen.TicketStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ticket and line times from the kitchen's own state changes, written in the change's unit of work
 * . A ticket's time is created → READY (the last READY when it was recalled and
 * bumped again); it is late when that is over its station's red threshold. A line's time is created →
 * the line's READY (expo copies are not recorded: they would count every line twice). Who started and
 * who bumped it are the cooks signed in where that was done.
 */
public final class H2KitchenHistory implements TicketHistory {
    private final Function<String, Duration> redAfter;
    private final ZoneId zone;

    /** {@code redAfter}: a station's red threshold (the station's own, else the kitchen's); {@code zone}: the kitchen's time zone. */
    public H2KitchenHistory(Function<String, Duration> redAfter, ZoneId zone) {
        this.redAfter = redAfter;
        this.zone = zone;
    }

    private int hour(Instant t) {
        return t.atZone(zone).getHour();
    }

    @Override
    public void record(
            Connection c, List<Ticket> before, List<Ticket> changed, Instant now, String actedOn, String actor)
            throws SQLException {
        LocalDate today = now.atZone(zone).toLocalDate();
        for (Ticket t : changed) {
            String by = t.ticketId().equals(actedOn) ? actor : null;
            LocalDate day = created(t, now).atZone(zone).toLocalDate();
            if (day.isBefore(today)) {
                H2DayRollups.invalidate(c, day); // its rollup no longer holds: read raw until rolled up again
            }
            Ticket old = before.stream()
                    .filter(x -> x.ticketId().equals(t.ticketId()))
                    .findFirst()
                    .orElse(null);
            TicketStatus was = old == null ? null : old.status();
            if (was == t.status()) {
                if (!t.expo()) {
                    lines(c, old, t, now);
                }
                continue;
            }
            switch (t.status()) {
                case IN_PROGRESS -> {
                    if (was == TicketStatus.NEW) {
                        started(c, t, now, by);
                    }
                }
                case READY -> ready(c, t, now, by);
                case SERVED -> served(c, t, now);
                default -> {}
            }
            if (!t.expo()) {
                lines(c, old, t, now);
            }
        }
    }

    private void started(Connection c, Ticket t, Instant now, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "MERGE INTO ticket_history (ticket_id, station, created_at, started_at, started_by, local_hour)"
                        + " KEY (ticket_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.ticketId());
            ps.setString(2, t.station());
            ps.setTimestamp(3, Timestamp.from(created(t, now)));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, by);
            ps.setInt(6, hour(created(t, now)));
            ps.executeUpdate();
        }
    }

    private void ready(Connection c, Ticket t, Instant now, String by) throws SQLException {
        int seconds = seconds(created(t, now), now);
        boolean late = Duration.ofSeconds(seconds).compareTo(redAfter.apply(t.station())) > 0;
        int n;
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE ticket_history SET ready_at = ?, seconds = ?, late = ?, ready_by = ?"
                        + " WHERE ticket_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, seconds);
            ps.setBoolean(3, late);
            ps.setString(4, by);
            ps.setString(5, t.ticketId());
            n = ps.executeUpdate();
        }
        if (n == 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ticket_history (ticket_id, station, created_at, ready_at, seconds, late,"
                            + " ready_by, local_hour) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, t.ticketId());
                ps.setString(2, t.station());
                ps.setTimestamp(3, Timestamp.from(created(t, now)));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setInt(5, seconds);
                ps.setBoolean(6, late);
                ps.setString(7, by);
                ps.setInt(8, hour(created(t, now)));
                ps.executeUpdate();
            }
        }
    }

    private static void served(Connection c, Ticket t, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_history SET served_at = ? WHERE ticket_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, t.ticketId());
            ps.executeUpdate();
        }
    }

    /** Lines that turned READY in this change (one by one, or with their ticket). */
    private static void lines(Connection c, Ticket old, Ticket t, Instant now) throws SQLException {
        Map<String, TicketStatus> was = old == null
                ? Map.of()
                : old.items().stream().collect(Collectors.toMap(TicketLine::lineId, TicketLine::status, (a, b) -> a));
        for (TicketLine l : t.items()) {
            if (l.status() == TicketStatus.READY && !Objects.equals(was.get(l.lineId()), TicketStatus.READY)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "MERGE INTO line_history (ticket_id, line_id, station, sku, name, qty, created_at, seconds)"
                                + " KEY (ticket_id, line_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, t.ticketId());
                    ps.setString(2, l.lineId());
                    ps.setString(3, t.station());
                    ps.setString(4, l.sku());
                    ps.setString(5, l.name().length() > 128 ? l.name().substring(0, 128) : l.name());
                    ps.setInt(6, l.qty());
                    ps.setTimestamp(7, Timestamp.from(created(t, now)));
                    ps.setInt(8, seconds(created(t, now), now));
                    ps.executeUpdate();
                }
            }
        }
    }

    private static Instant created(Ticket t, Instant now) {
        return t.createdAt() == null ? now : t.createdAt();
    }

    private static int seconds(Instant from, Instant to) {
        return (int) Math.max(
                0, Math.min(Integer.MAX_VALUE, Duration.between(from, to).toSeconds()));
    }
}
