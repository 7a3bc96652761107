package id.dapur.edge.agent.waste;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The waste log's table: every statement the waste feature runs, inside its units of work or on a reader. */
final class H2WasteStore {
    private H2WasteStore() {}

    /** An entry as stored, with the request it was logged from (a resend must match it). */
    record Stored(String request, WasteEntry entry) {}

    private static final String COLUMNS = "waste_id, at, sku, name, reason, grams, qty, scale, staff_id, station, cost";

    static void insert(Connection c, WasteEntry e, String request) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO waste (waste_id, at, sku, name, reason, grams, qty, scale, staff_id,"
                        + " station, cost, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.wasteId());
            ps.setTimestamp(2, Timestamp.from(e.at()));
            ps.setString(3, e.sku());
            ps.setString(4, e.name());
            ps.setString(5, e.reason());
            ps.setObject(6, e.grams());
            ps.setObject(7, e.qty());
            ps.setString(8, e.scale());
            ps.setString(9, e.staffId());
            ps.setString(10, e.station());
            ps.setObject(11, e.cost());
            ps.setString(12, request);
            ps.executeUpdate();
        }
    }

    static Optional<Stored> byId(Connection c, String wasteId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT request, " + COLUMNS + " FROM waste WHERE waste_id = ?")) {
            ps.setString(1, wasteId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), read(rs, 2))) : Optional.empty();
            }
        }
    }

    private static WasteEntry read(ResultSet rs, int i) throws SQLException {
        return new WasteEntry(
                rs.getString(i),
                rs.getTimestamp(i + 1).toInstant(),
                rs.getString(i + 2),
                rs.getString(i + 3),
                rs.getString(i + 4),
                (Double) rs.getObject(i + 5),
                (Integer) rs.getObject(i + 6),
                rs.getString(i + 7),
                rs.getString(i + 8),
                rs.getString(i + 9),
                (Double) rs.getObject(i + 10));
    }

    static WasteList list(Connection c, Instant from, Instant to, int max) throws SQLException {
        List<WasteEntry> entries = new ArrayList<>();
        boolean truncated = false;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM waste WHERE at >= ? AND at < ? ORDER BY at, waste_id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, max + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (entries.size() == max) {
                        truncated = true;
                        break;
                    }
                    entries.add(read(rs, 1));
                }
            }
        }
        return new WasteList(entries, totals(c, from, to), truncated ? Boolean.TRUE : null);
    }

    static List<WasteTotal> totals(Connection c, Instant from, Instant to) throws SQLException {
        List<WasteTotal> totals = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sku, name, reason, SUM(grams), SUM(qty), SUM(cost), COUNT(*) FROM waste"
                        + " WHERE at >= ? AND at < ? GROUP BY sku, name, reason ORDER BY name, reason")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.add(new WasteTotal(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4) == null ? 0.0 : Math.round(rs.getDouble(4) * 10) / 10.0,
                            rs.getObject(5) == null ? 0 : rs.getLong(5),
                            rs.getObject(6) == null ? null : Math.round(rs.getDouble(6) * 100) / 100.0,
                            rs.getLong(7)));
                }
            }
        }
        return totals;
    }

    static boolean any(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM waste WHERE at >= ? AND at < ? LIMIT 1")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int purge(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM waste WHERE at < ? LIMIT 5000")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        }
    }
}
