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

    /** Rows of {@code SELECT changed_seq, body ...}. */
    static List<TicketChange> readChanges(PreparedStatement ps) throws SQLException {
        List<TicketChange> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TicketChange(rs.getLong(1), rs.getString(2)));
            }
        }
        return out;
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

    /**
     * Inserts new tickets, or updates changed ones, each with the outbox entry that publishes it; the
     * row keeps that entry's sequence number as its {@code changed_seq}, from which screens resync.
     */
    static void save(Connection c, WriteBatch batch, List<Ticket> tickets, boolean insert,
                     java.util.function.Function<Ticket, String> topic, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert
                ? "INSERT INTO tickets (status, body, changed_seq, changed_at, ticket_id, order_id, station, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE tickets SET status = ?, body = ?, changed_seq = ?, changed_at = ? WHERE ticket_id = ?")) {
            for (Ticket t : tickets) {
                OutboxEntry e = outbox(c, batch, topic.apply(t), t, false, now, CloudRows.TICKET);
                batch.publish(new id.dapur.edge.agent.kitchen.TicketChanged(e.seq(), t.station(), e.payload()));
                ps.setString(1, t.status().name());
                ps.setString(2, e.payload());
                ps.setLong(3, e.seq());
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, t.ticketId());
                if (insert) {
                    ps.setString(6, t.orderId());
                    ps.setString(7, t.station());
                    ps.setLong(8, t.seq());
                }
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

    /** An outbox row and its publication; mirrored to the cloud as {@code mirror} says (null: not mirrored). */
    static OutboxEntry outbox(Connection c, WriteBatch batch, String topic, Object payload, boolean retained, Instant now,
                              CloudRows.Mirror mirror) throws SQLException {
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
        batch.publish(e);
        if (mirror != null) {
            CloudRows.add(c, batch, mirror.stream(), mirror.type(), e.payload(), now);
        }
        return e;
    }
}
