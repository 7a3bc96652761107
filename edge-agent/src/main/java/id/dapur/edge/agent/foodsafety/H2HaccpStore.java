package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.cloud.CloudEventType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Food-safety records in H2: raw readings (kept for {@code rawRetention}, then folded into
 * min/avg/max per interval), excursions, calibration changes. Writes go through the group-commit
 * writer; readings do not force an fsync of their own (they ride the next durable commit, or H2's own
 * write-out within a second), excursions and calibration changes do.
 */
public final class H2HaccpStore {
    /** A reading to store: the calibrated °C, and the value and unit the sensor sent. */
    public record Reading(String sensorId, Instant at, double celsius, double rawValue, String rawUnit) {}

    /** A point on a chart: a raw reading (min = avg = max) or an interval folded by retention. */
    public record Point(Instant at, double min, double avg, double max) {}

    /** One excursion as recorded; {@code endedAt} null while it goes on. */
    public record Excursion(
            String sensorId,
            String kind,
            double limit,
            Instant startedAt,
            Instant endedAt,
            double peak,
            String alertId) {}

    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Context context;

    public H2HaccpStore(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    public Future<Void> record(List<Reading> readings) {
        return writer.submit(
                context,
                false,
                (c, batch) -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO sensor_readings (reading_id, sensor_id, at, celsius, raw_value, raw_unit) VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (Reading r : readings) {
                            ps.setLong(1, Outbox.nextSeq(c));
                            ps.setString(2, r.sensorId());
                            ps.setTimestamp(3, Timestamp.from(r.at()));
                            ps.setDouble(4, r.celsius());
                            ps.setDouble(5, r.rawValue());
                            ps.setString(6, r.rawUnit());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    for (Reading r : readings) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("sensorId", r.sensorId());
                        m.put("at", r.at().toString());
                        m.put("celsius", r.celsius());
                        m.put("value", r.rawValue());
                        m.put("unit", r.rawUnit());
                        CloudRows.add(
                                c,
                                batch,
                                CloudEventType.SENSOR_READING,
                                m,
                                clock.instant()); // reading time in the payload
                    }
                    return null;
                },
                Alerts.PATIENCE);
    }

    public Future<Void> excursionStarted(String sensorId, String kind, double limit, Instant at, double celsius) {
        return writer.submit(
                context,
                true,
                (c, batch) -> {
                    try (PreparedStatement ps =
                            c.prepareStatement("INSERT INTO excursions (excursion_id, sensor_id, kind, limit_c,"
                                    + " started_at, peak_c) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setLong(1, Outbox.nextSeq(c));
                        ps.setString(2, sensorId);
                        ps.setString(3, kind);
                        ps.setDouble(4, limit);
                        ps.setTimestamp(5, Timestamp.from(at));
                        ps.setDouble(6, celsius);
                        ps.executeUpdate();
                    }
                    return null;
                },
                Alerts.PATIENCE);
    }

    public Future<Void> excursionEnded(String sensorId, Instant at, double peak) {
        return update(
                "UPDATE excursions SET ended_at = ?, peak_c = ? WHERE sensor_id = ? AND ended_at IS NULL",
                Timestamp.from(at),
                peak,
                sensorId);
    }

    /**
     * Links an alert to the sensor's latest excursion. Written after the alert's commit, it may come after
     * the excursion already ended (readings back inside the limit at once), so it does not ask for an open one.
     */
    public Future<Void> excursionAlerted(String sensorId, String alertId) {
        return update(
                "UPDATE excursions SET alert_id = ? WHERE excursion_id = (SELECT MAX(excursion_id) FROM excursions"
                        + " WHERE sensor_id = ?)",
                alertId,
                sensorId);
    }

    /** What an excursion started as: stored with its alert if its own record never made it. */
    public record ExcursionStart(String kind, double limit, Instant at, double celsius) {}

    /**
     * Links an alert to the sensor's latest excursion, inside the alert's own transaction (see
     * {@link Alerts#raise(String, String, String, String, Alerts.Linked)}). If the sensor
     * has no excursion open (its start could not be stored), it is stored now from {@code start}: an
     * alert is never stored without the excursion it is about.
     */
    public void linkExcursion(Connection c, String sensorId, String alertId, ExcursionStart start) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE excursions SET alert_id = ? WHERE excursion_id = (SELECT MAX(excursion_id)"
                        + " FROM excursions WHERE sensor_id = ?)" + (start == null ? "" : " AND ended_at IS NULL"))) {
            ps.setString(1, alertId);
            ps.setString(2, sensorId);
            if (ps.executeUpdate() == 1 || start == null) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO excursions (excursion_id, sensor_id, kind, limit_c,"
                + " started_at, peak_c, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, Outbox.nextSeq(c));
            ps.setString(2, sensorId);
            ps.setString(3, start.kind());
            ps.setDouble(4, start.limit());
            ps.setTimestamp(5, Timestamp.from(start.at()));
            ps.setDouble(6, start.celsius());
            ps.setString(7, alertId);
            ps.executeUpdate();
        }
    }

    /** Excursions still open when the agent last stopped end there: the rules start afresh. */
    /** Excursions not yet ended: at a start, those of sensors still watched go on; the others are ended. */
    public Future<List<Excursion>> openExcursions() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(
                                    "SELECT sensor_id, kind, limit_c,"
                                            + " started_at, peak_c, alert_id FROM excursions WHERE ended_at IS NULL ORDER BY started_at")) {
                        List<Excursion> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(new Excursion(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getDouble(3),
                                        rs.getTimestamp(4).toInstant(),
                                        null,
                                        rs.getDouble(5),
                                        rs.getString(6)));
                            }
                        }
                        return out;
                    }
                },
                false);
    }

    /** Records a calibration offset if it differs from the last one recorded for the sensor. */
    public Future<Boolean> calibration(String sensorId, double offset, String source) {
        return writer.submit(context, true, (c, batch) -> {
            Double last = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT new_offset FROM calibration_changes WHERE sensor_id = ? ORDER BY change_id DESC LIMIT 1")) {
                ps.setString(1, sensorId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        last = rs.getDouble(1);
                    }
                }
            }
            if (last != null && last == offset) {
                return false;
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO calibration_changes (change_id, sensor_id, old_offset,"
                            + " new_offset, changed_at, source) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, Outbox.nextSeq(c));
                ps.setString(2, sensorId);
                ps.setObject(3, last);
                ps.setDouble(4, offset);
                ps.setTimestamp(5, Timestamp.from(clock.instant()));
                ps.setString(6, source);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Calibration changes of a sensor, oldest first: {@code [changedAt, old, new, source]}. */
    public Future<List<Object[]>> calibrations(String sensorId) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement("SELECT changed_at, old_offset, new_offset,"
                                    + " source FROM calibration_changes WHERE sensor_id = ? ORDER BY change_id")) {
                        ps.setString(1, sensorId);
                        List<Object[]> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(new Object[] {
                                    rs.getTimestamp(1).toInstant(), rs.getObject(2), rs.getDouble(3), rs.getString(4)
                                });
                            }
                        }
                        return out;
                    }
                },
                false);
    }

    /** Readings of a sensor in {@code [from, to)}: folded intervals, then raw readings, in time order. */
    public Future<List<Point>> points(String sensorId, Instant from, Instant to) {
        return vertx.executeBlocking(
                () -> {
                    List<Point> out = new ArrayList<>();
                    try (Connection c = db.connection()) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "SELECT bucket_start, min_c, avg_c, max_c FROM sensor_rollups"
                                        + " WHERE sensor_id = ? AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start")) {
                            bind(ps, sensorId, from, to);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    out.add(new Point(
                                            rs.getTimestamp(1).toInstant(),
                                            rs.getDouble(2),
                                            rs.getDouble(3),
                                            rs.getDouble(4)));
                                }
                            }
                        }
                        try (PreparedStatement ps = c.prepareStatement("SELECT at, celsius FROM sensor_readings"
                                + " WHERE sensor_id = ? AND at >= ? AND at < ? ORDER BY at")) {
                            bind(ps, sensorId, from, to);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    double v = rs.getDouble(2);
                                    out.add(new Point(rs.getTimestamp(1).toInstant(), v, v, v));
                                }
                            }
                        }
                    }
                    out.sort(Comparator.comparing(Point::at));
                    return out;
                },
                false);
    }

    /** Excursions that overlap {@code [from, to)}, oldest first. */
    public Future<List<Excursion>> excursions(Instant from, Instant to) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement("SELECT sensor_id, kind, limit_c,"
                                    + " started_at, ended_at, peak_c, alert_id FROM excursions WHERE started_at < ? AND (ended_at IS NULL OR ended_at >= ?)"
                                    + " ORDER BY started_at")) {
                        ps.setTimestamp(1, Timestamp.from(to));
                        ps.setTimestamp(2, Timestamp.from(from));
                        List<Excursion> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Timestamp end = rs.getTimestamp(5);
                                out.add(new Excursion(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getDouble(3),
                                        rs.getTimestamp(4).toInstant(),
                                        end == null ? null : end.toInstant(),
                                        rs.getDouble(6),
                                        rs.getString(7)));
                            }
                        }
                        return out;
                    }
                },
                false);
    }

    /** How many raw readings and folded intervals are stored. */
    public Future<long[]> counts() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement a = c.prepareStatement("SELECT COUNT(*) FROM sensor_readings");
                            PreparedStatement b = c.prepareStatement("SELECT COUNT(*) FROM sensor_rollups");
                            ResultSet ra = a.executeQuery();
                            ResultSet rb = b.executeQuery()) {
                        ra.next();
                        rb.next();
                        return new long[] {ra.getLong(1), rb.getLong(1)};
                    }
                },
                false);
    }

    /**
     * Retention: raw readings older than {@code rawRetention} — and the oldest past {@code maxRawRows} —
     * are folded into min/avg/max per {@code interval} and deleted, in one transaction per 20,000;
     * intervals, excursions and cleared alerts older than {@code recordRetention} are deleted.
     * Completes with the number of raw readings folded.
     */
    public Future<Integer> retain(Duration rawRetention, Duration interval, Duration recordRetention, int maxRawRows) {
        return writer.submit(
                context,
                true,
                (c, batch) -> H2HaccpRetention.apply(
                        c, clock.instant(), rawRetention, interval, recordRetention, maxRawRows));
    }

    private static void bind(PreparedStatement ps, String sensorId, Instant from, Instant to) throws SQLException {
        ps.setString(1, sensorId);
        ps.setTimestamp(2, Timestamp.from(from));
        ps.setTimestamp(3, Timestamp.from(to));
    }

    private Future<Void> update(String sql, Object... args) {
        return writer.submit(
                context,
                true,
                (c, batch) -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        for (int i = 0; i < args.length; i++) {
                            ps.setObject(i + 1, args[i]);
                        }
                        ps.executeUpdate();
                    }
                    return null;
                },
                Alerts.PATIENCE);
    }
}
