package id.dapur.edge.agent.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who is signed in where ({@code station_staff}): every statement of the staff feature, inside its units of work. */
final class H2StaffStore {
    private H2StaffStore() {}

    /** A station and who is signed in there since when. */
    record Row(String station, String staffId, Instant since) {}

    static String at(Connection c, String station) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT staff_id FROM station_staff WHERE station = ?")) {
            ps.setString(1, station);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The station the cook is signed in at, or null. */
    static String stationOf(Connection c, String staffId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT station FROM station_staff WHERE staff_id = ?")) {
            ps.setString(1, staffId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void signIn(Connection c, String station, String staffId, Instant now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO station_staff (station, staff_id, since) VALUES (?, ?, ?)")) {
            ps.setString(1, station);
            ps.setString(2, staffId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    static void signOut(Connection c, String station) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM station_staff WHERE station = ?")) {
            ps.setString(1, station);
            ps.executeUpdate();
        }
    }

    static List<Row> all(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT station, staff_id, since FROM station_staff ORDER BY station");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
        }
        return out;
    }
}
