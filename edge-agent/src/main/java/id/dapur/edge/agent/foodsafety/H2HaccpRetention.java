package id.dapur.edge.agent.foodsafety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HACCP record's retention, inside one writer transaction: raw readings older than the raw
 * retention (and the oldest past the row cap) folded into min/avg/max per interval and deleted, at
 * most 20,000 a run; intervals, excursions and cleared alerts past the record retention deleted.
 */
final class H2HaccpRetention {
    private H2HaccpRetention() {}

    /** Returns the number of raw readings folded. */
    static int apply(
            Connection c,
            Instant now,
            Duration rawRetention,
            Duration interval,
            Duration recordRetention,
            int maxRawRows)
            throws SQLException {
        Instant cutoff = now.minus(rawRetention);
        try (PreparedStatement ps =
                c.prepareStatement("SELECT at FROM sensor_readings ORDER BY at DESC LIMIT 1 OFFSET ?")) {
            ps.setInt(1, maxRawRows);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getTimestamp(1).toInstant().isAfter(cutoff.minusNanos(1))) {
                    cutoff = rs.getTimestamp(1).toInstant().plusNanos(1000); // over the cap: fold the oldest early
                }
            }
        }
        int folded = fold(c, cutoff, interval);
        Timestamp old = Timestamp.from(now.minus(recordRetention));
        for (String sql : List.of(
                "DELETE FROM sensor_rollups WHERE bucket_start < ?",
                "DELETE FROM excursions WHERE ended_at < ?",
                "DELETE FROM alerts WHERE cleared_at < ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, old);
                ps.executeUpdate();
            }
        }
        return folded;
    }

    private static int fold(Connection c, Instant cutoff, Duration interval) throws SQLException {
        long bucketMs = interval.toMillis();
        Map<String, double[]> buckets = new LinkedHashMap<>(); // sensor|bucketMs -> min, sum, max, n
        long maxId = -1;
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT reading_id, sensor_id, at, celsius FROM sensor_readings"
                + " WHERE at < ? ORDER BY reading_id LIMIT 20000")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    maxId = Math.max(maxId, rs.getLong(1));
                    long start = Math.floorDiv(rs.getTimestamp(3).getTime(), bucketMs) * bucketMs;
                    double v = rs.getDouble(4);
                    buckets.merge(rs.getString(2) + "|" + start, new double[] {v, v, v, 1}, (a, b) ->
                            new double[] {Math.min(a[0], b[0]), a[1] + b[1], Math.max(a[2], b[2]), a[3] + b[3]});
                    n++;
                }
            }
        }
        for (Map.Entry<String, double[]> e : buckets.entrySet()) {
            String sensor = e.getKey().substring(0, e.getKey().lastIndexOf('|'));
            Timestamp start =
                    new Timestamp(Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('|') + 1)));
            double[] b = e.getValue();
            try (PreparedStatement ps = c.prepareStatement("SELECT min_c, avg_c, max_c, readings FROM sensor_rollups"
                    + " WHERE sensor_id = ? AND bucket_start = ?")) {
                ps.setString(1, sensor);
                ps.setTimestamp(2, start);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) { // a bucket folded earlier (cap reached mid-interval): combine
                        int k = rs.getInt(4);
                        b = new double[] {
                            Math.min(b[0], rs.getDouble(1)),
                            b[1] + rs.getDouble(2) * k,
                            Math.max(b[2], rs.getDouble(3)),
                            b[3] + k
                        };
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "MERGE INTO sensor_rollups (sensor_id, bucket_start, bucket_minutes,"
                            + " min_c, avg_c, max_c, readings) KEY (sensor_id, bucket_start) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, sensor);
                ps.setTimestamp(2, start);
                ps.setInt(3, (int) interval.toMinutes());
                ps.setDouble(4, b[0]);
                ps.setDouble(5, Math.round(b[1] / b[3] * 1000) / 1000.0);
                ps.setDouble(6, b[2]);
                ps.setInt(7, (int) b[3]);
                ps.executeUpdate();
            }
        }
        if (maxId >= 0) {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM sensor_readings WHERE at < ? AND reading_id <= ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setLong(2, maxId);
                ps.executeUpdate();
            }
        }
        return n;
    }
}
