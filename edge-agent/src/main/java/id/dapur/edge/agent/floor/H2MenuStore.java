package id.dapur.edge.agent.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The menu's availability ({@code menu_availability}, the 86 list): every statement the floor runs on it. */
final class H2MenuStore {
    private H2MenuStore() {}

    static Set<String> unavailable(Connection c, Instant now) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sku FROM menu_availability WHERE until IS NULL OR until > ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static void available(Connection c, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM menu_availability WHERE sku = ?")) {
            ps.setString(1, sku);
            ps.executeUpdate();
        }
    }

    /** Marks {@code sku} unavailable; a sku already out keeps the time it went out. */
    static void unavailable(Connection c, String sku, String name, Instant now, String by, String reason, Instant until)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "MERGE INTO menu_availability (sku, name, since, by_whom, reason, until)"
                        + " KEY (sku) VALUES (?, ?, COALESCE((SELECT since FROM menu_availability WHERE sku = ?), ?), ?, ?, ?)")) {
            ps.setString(1, sku);
            ps.setString(2, name);
            ps.setString(3, sku);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, by);
            ps.setString(6, reason);
            ps.setTimestamp(7, until == null ? null : Timestamp.from(until));
            ps.executeUpdate();
        }
    }

    static void expire(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM menu_availability WHERE until <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    static List<MenuAvailability.Entry> read(Connection c, Instant now) throws SQLException {
        List<MenuAvailability.Entry> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT sku, name, since, by_whom, reason, until FROM menu_availability"
                        + " WHERE until IS NULL OR until > ? ORDER BY since, sku")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp until = rs.getTimestamp(6);
                    out.add(new MenuAvailability.Entry(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getString(4),
                            rs.getString(5),
                            until == null ? null : until.toInstant()));
                }
            }
        }
        return out;
    }
}
