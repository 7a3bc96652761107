package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.support.Json;
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
    public static final String READINGS = "readings";

    private CloudRows() {
    }

    /**
     * Adds one event; {@code payload} is serialised to JSON unless it is a String already. {@code at}
     * is the time of writing (the outbox's oldest event is its first in commit order).
     */
    public static void add(Connection c, WriteBatch batch, String stream, String type, Object payload, Instant at) throws SQLException {
        if (!batch.cloud()) {
            return;
        }
        String json = payload instanceof String s ? s : Json.write(payload);
        long seq = TicketRows.nextSeq(c);
        int bytes = json.length() + stream.length() + type.length() + 120;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cloud_outbox (seq, stream, low_priority, type, payload, bytes,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, stream);
            ps.setBoolean(3, READINGS.equals(stream));
            ps.setString(4, type);
            ps.setString(5, json);
            ps.setInt(6, bytes);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
        batch.cloudAdded(bytes, at);
    }

    /** The cloud's copy of an MQTT publication: which stream a topic belongs to, if any. */
    static void mirror(Connection c, WriteBatch batch, String topic, String payload, Instant at) throws SQLException {
        if (!batch.cloud()) {
            return;
        }
        if (topic.endsWith("/events") && topic.contains("/orders/")) {
            add(c, batch, "orders", "ORDER_EVENT", payload, at);
        } else if (topic.endsWith("/tickets") && topic.contains("/kds/")) {
            add(c, batch, "tickets", "TICKET", payload, at);
        } else if (topic.endsWith("/alerts")) {
            add(c, batch, "alerts", "ALERT", payload, at);
        } else if (topic.endsWith("/status") && topic.contains("/printers/")) {
            add(c, batch, "devices", "PRINTER_STATUS", payload, at);
        }
    }
}
