package id.dapur.edge.agent.analytics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished day's analytics kept as rollup rows, so the dashboard and the daily summary read a day
 * instead of its history: built once the day is over, dropped when one of its tickets changes (the day
 * is then read raw until built again), and the days still to build found. Writer tasks.
 */
public final class H2DayRollups {
    private H2DayRollups() {}

    /**
     * Rolls up a finished local day (a writer task): replaces its rollup rows with those of its history
     * rows now, and marks it built. A later change to one of its tickets deletes them ({@link #invalidate}).
     */
    public static void rollUp(Connection c, LocalDate day, ZoneId zone) throws SQLException {
        invalidate(c, day);
        H2AnalyticsStore.Tallies t = new H2AnalyticsStore.Tallies();
        H2AnalyticsStore.raw(
                c,
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant(),
                null,
                t);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history_rollups (local_day, dim, station, grp, name, all_count, late, qty, hist)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Map<String, H2AnalyticsStore.Tally>> dim : t.byDim.entrySet()) {
                for (Map.Entry<String, H2AnalyticsStore.Tally> e :
                        dim.getValue().entrySet()) {
                    int bar = e.getKey().indexOf('|');
                    H2AnalyticsStore.Tally x = e.getValue();
                    ps.setDate(1, Date.valueOf(day));
                    ps.setString(2, dim.getKey());
                    ps.setString(3, e.getKey().substring(0, bar));
                    ps.setString(4, e.getKey().substring(bar + 1));
                    ps.setString(5, x.name);
                    ps.setLong(6, x.all);
                    ps.setLong(7, x.late);
                    ps.setLong(8, x.qty);
                    ps.setBytes(9, x.hist.encode());
                    ps.addBatch();
                }
            }
            ps.setDate(1, Date.valueOf(day));
            ps.setString(2, H2AnalyticsStore.DAY);
            ps.setString(3, "");
            ps.setString(4, "");
            ps.setString(5, null);
            ps.setInt(6, 0);
            ps.setInt(7, 0);
            ps.setInt(8, 0);
            ps.setBytes(9, new byte[0]);
            ps.addBatch();
            ps.executeBatch();
        }
    }

    /** Drops a day's rollup (one of its tickets changed): it is read raw until rolled up again. */
    static void invalidate(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM history_rollups WHERE local_day = ?")) {
            ps.setDate(1, Date.valueOf(day));
            ps.executeUpdate();
        }
    }

    /** Finished days of the history with no rollup, oldest first, at most {@code max}. */
    public static List<LocalDate> notRolledUp(Connection c, LocalDate today, ZoneId zone, int max) throws SQLException {
        List<LocalDate> out = new ArrayList<>();
        Instant oldest;
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM ticket_history");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getTimestamp(1) == null) {
                return out;
            }
            oldest = rs.getTimestamp(1).toInstant();
        }
        Set<LocalDate> built =
                new HashSet<>(H2AnalyticsStore.rolledUp(c, oldest.atZone(zone).toLocalDate(), today));
        for (LocalDate d = oldest.atZone(zone).toLocalDate();
                d.isBefore(today) && out.size() < max;
                d = d.plusDays(1)) {
            if (!built.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }
}
