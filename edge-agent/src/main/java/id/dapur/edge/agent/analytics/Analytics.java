package id.dapur.edge.agent.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kitchen analytics (CONTRACT §13) from the ticket history: per station tickets, p50/p90 of created →
 * READY and late tickets; per item count and p50; per cook bumps and p50 of the tickets they bumped;
 * extensions: tickets per hour of the day and p50/p90 per daypart. Percentiles are nearest-rank
 * ({@code PERCENTILE_DISC}: the smallest time at least that share of tickets took no longer than),
 * whole seconds. Tickets count in the range by when they were created; only tickets that reached
 * READY count. Blocking (call from a worker).
 */
public final class Analytics {
    /** Dayparts by the local hour a ticket was created (extension; docs/analytics.md). */
    public static final String DAYPART = "CASE WHEN local_hour BETWEEN 5 AND 10 THEN 'breakfast' WHEN local_hour BETWEEN 11 AND 14 THEN 'lunch'"
            + " WHEN local_hour BETWEEN 15 AND 16 THEN 'afternoon' WHEN local_hour BETWEEN 17 AND 21 THEN 'dinner' ELSE 'late' END";
    private static final String P50 = "PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY seconds)";
    private static final String P90 = "PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY seconds)";

    private Analytics() {
    }

    /** {@code {"stations", "items", "staff", "hours", "dayparts"}} for tickets created in [from, to), one station or all. */
    public static Map<String, Object> tickets(Connection c, Instant from, Instant to, String station) throws SQLException {
        String where = " WHERE created_at >= ? AND created_at < ?" + (station == null ? "" : " AND station = ?");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("stations", rows(c, "SELECT station, COUNT(*), " + P50 + ", " + P90 + ", SUM(CASE WHEN late THEN 1 ELSE 0 END)"
                + " FROM ticket_history" + where + " AND seconds IS NOT NULL GROUP BY station ORDER BY station", from, to, station,
                rs -> row("station", rs.getString(1), "tickets", rs.getLong(2), "p50Seconds", rs.getInt(3), "p90Seconds", rs.getInt(4),
                        "late", rs.getLong(5))));
        // an item is its sku; lines the POS sent without one count by name
        out.put("items", rows(c, "SELECT MAX(sku), MAX(name), SUM(qty), " + P50 + " FROM line_history" + where
                + " GROUP BY COALESCE(sku, '~' || name) ORDER BY SUM(qty) DESC, MAX(name) LIMIT 500", from, to, station,
                rs -> row("sku", rs.getString(1), "name", rs.getString(2), "count", rs.getLong(3), "p50Seconds", rs.getInt(4))));
        out.put("staff", rows(c, "SELECT ready_by, COUNT(*), " + P50 + " FROM ticket_history" + where
                + " AND ready_by IS NOT NULL AND seconds IS NOT NULL GROUP BY ready_by ORDER BY ready_by", from, to, station,
                rs -> row("staffId", rs.getString(1), "bumps", rs.getLong(2), "p50Seconds", rs.getInt(3))));
        out.put("hours", rows(c, "SELECT local_hour, COUNT(*) FROM ticket_history" + where
                + " GROUP BY local_hour ORDER BY local_hour", from, to, station,
                rs -> row("hour", rs.getInt(1), "tickets", rs.getLong(2))));
        out.put("dayparts", rows(c, "SELECT " + DAYPART + " AS part, COUNT(*), " + P50 + ", " + P90 + ", MIN(local_hour) FROM ticket_history" + where
                + " AND seconds IS NOT NULL GROUP BY part ORDER BY MIN(local_hour)", from, to, station,
                rs -> row("daypart", rs.getString(1), "tickets", rs.getLong(2), "p50Seconds", rs.getInt(3), "p90Seconds", rs.getInt(4))));
        return out;
    }

    /** Open, late and total tickets created in [from, to) (for the dashboard). */
    public static Map<String, Object> late(Connection c, Instant from, Instant to) throws SQLException {
        List<Map<String, Object>> l = rows(c, "SELECT ticket_id, station, seconds, ready_by FROM ticket_history WHERE created_at >= ? AND created_at < ?"
                + " AND late ORDER BY created_at DESC LIMIT 20", from, to, null,
                rs -> row("ticketId", rs.getString(1), "station", rs.getString(2), "seconds", rs.getInt(3), "by", rs.getString(4)));
        return Map.of("recent", l);
    }

    interface RowReader {
        Map<String, Object> read(ResultSet rs) throws SQLException;
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, Instant from, Instant to, String station, RowReader reader)
            throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            if (station != null) {
                ps.setString(3, station);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    /** Deletes history older than {@code before}, then the oldest past {@code maxTickets}; rows deleted. Writer task. */
    public static int purge(Connection c, Instant before, int maxTickets) throws SQLException {
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ticket_history WHERE created_at < ? LIMIT 20000")) {
            ps.setTimestamp(1, Timestamp.from(before));
            n = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM line_history WHERE created_at < ? LIMIT 50000")) {
            ps.setTimestamp(1, Timestamp.from(before));
            n += ps.executeUpdate();
        }
        Instant cut = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM ticket_history ORDER BY created_at DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setInt(1, maxTickets);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    cut = rs.getTimestamp(1).toInstant();
                }
            }
        }
        if (cut != null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ticket_history WHERE created_at <= ? LIMIT 20000")) {
                ps.setTimestamp(1, Timestamp.from(cut));
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM line_history WHERE created_at <= ? LIMIT 50000")) {
                ps.setTimestamp(1, Timestamp.from(cut));
                n += ps.executeUpdate();
            }
        }
        return n;
    }
}
