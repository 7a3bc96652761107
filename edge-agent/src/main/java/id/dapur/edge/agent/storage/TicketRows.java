package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.support.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JDBC for the ticket, order and outbox rows; used inside writer tasks and by readers. */
final class TicketRows {
    private TicketRows() {
    }

    static long nextSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXT VALUE FOR global_seq"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Ticket> ofOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM tickets WHERE order_id = ? ORDER BY seq")) {
            ps.setString(1, orderId);
            return read(ps);
        }
    }

    static List<Ticket> read(PreparedStatement ps) throws SQLException {
        List<Ticket> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Json.read(rs.getString(1), Ticket.class));
            }
        }
        return out;
    }

    static void insert(Connection c, List<Ticket> tickets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tickets (ticket_id, order_id, station, seq, status, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Ticket t : tickets) {
                ps.setString(1, t.ticketId());
                ps.setString(2, t.orderId());
                ps.setString(3, t.station());
                ps.setLong(4, t.seq());
                ps.setString(5, t.status().name());
                ps.setString(6, Json.write(t));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void update(Connection c, List<Ticket> tickets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE tickets SET status = ?, body = ? WHERE ticket_id = ?")) {
            for (Ticket t : tickets) {
                ps.setString(1, t.status().name());
                ps.setString(2, Json.write(t));
                ps.setString(3, t.ticketId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void updateOrderStatus(Connection c, String orderId, String status, Instant now, boolean done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET status = ?, updated_at = ?, done_at = ? WHERE order_id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, done ? Timestamp.from(now) : null);
            ps.setString(4, orderId);
            ps.executeUpdate();
        }
    }

    static OutboxEntry outbox(Connection c, WriteBatch batch, String topic, Object payload, boolean retained, Instant now)
            throws SQLException {
        OutboxEntry e = new OutboxEntry(nextSeq(c), topic, Json.write(payload), 1, retained, System.nanoTime());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (seq, topic, payload, qos, retained, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.seq());
            ps.setString(2, e.topic());
            ps.setString(3, e.payload());
            ps.setInt(4, e.qos());
            ps.setBoolean(5, e.retained());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
        }
        batch.add(e);
        return e;
    }
}
