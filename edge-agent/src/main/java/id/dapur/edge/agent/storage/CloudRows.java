package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Writes events bound for the cloud into {@code cloud_outbox}, inside the caller's transaction: an
 * event exists if and only if the change behind it committed. Does nothing when no cloud is
 * configured. Streams: {@code orders}, {@code tickets}, {@code alerts}, {@code devices},
 * {@code audit} (never shed) and {@code readings} (low priority: shed first when the budget is full).
 */
public final class CloudRows {
    public static final String READINGS = CloudEventType.READINGS;

    private CloudRows() {}

    /**
     * Adds one event; {@code payload} is serialised to JSON unless it is a String already. {@code at}
     * is the time of writing (the outbox's oldest event is its first in commit order).
     */
    public static void add(Connection c, WriteBatch batch, CloudEventType event, Object payload, Instant at)
            throws SQLException {
        if (!batch.cloud()) {
            return;
        }
        String stream = event.stream();
        String type = event.name();
        String json = payload instanceof String s ? s : Json.write(payload);
        long seq = Outbox.nextSeq(c);
        int bytes = json.length() + stream.length() + type.length() + 120;
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO cloud_outbox (seq, stream, low_priority, type, payload, bytes,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, stream);
            ps.setBoolean(3, READINGS.equals(stream));
            ps.setString(4, type);
            Utf8Column.set(ps, 5, json);
            ps.setInt(6, bytes);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
        batch.publish(new CloudEventWritten(bytes, at, seq));
    }
}
