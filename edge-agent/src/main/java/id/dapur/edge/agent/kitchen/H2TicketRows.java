package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.agent.storage.OutboxEntry;
import id.dapur.edge.agent.storage.TicketChange;
import id.dapur.edge.agent.storage.Utf8Column;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** JDBC for the ticket, order and outbox rows; used inside writer tasks and by readers. */
public final class H2TicketRows {
    private H2TicketRows() {}

    /** Those of {@code ticketIds} at {@code station} no screen has shown yet. */
    static List<Ticket> notShownYet(Connection c, String station, List<String> ticketIds) throws SQLException {
        List<Ticket> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT body FROM tickets WHERE ticket_id = ? AND station = ? AND shown_at IS NULL")) {
            for (String id : ticketIds) {
                ps.setString(1, id);
                ps.setString(2, station);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(Json.read(Utf8Column.get(rs, 1), Ticket.class));
                    }
                }
            }
        }
        return out;
    }

    public static List<Ticket> ofOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM tickets WHERE order_id = ? ORDER BY seq")) {
            ps.setString(1, orderId);
            return read(ps);
        }
    }

    /** Rows of {@code SELECT changed_seq, body ...}. */
    public static List<TicketChange> readChanges(PreparedStatement ps) throws SQLException {
        List<TicketChange> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TicketChange(rs.getLong(1), Utf8Column.get(rs, 2)));
            }
        }
        return out;
    }

    public static List<Ticket> read(PreparedStatement ps) throws SQLException {
        List<Ticket> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Json.read(Utf8Column.get(rs, 1), Ticket.class));
            }
        }
        return out;
    }

    /**
     * Inserts new tickets, or updates changed ones, each with the outbox entry that publishes it; the
     * row keeps that entry's sequence number as its {@code changed_seq}, from which screens resync.
     */
    public static void save(
            Connection c,
            WriteBatch batch,
            List<Ticket> tickets,
            boolean insert,
            Function<Ticket, String> topic,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                insert
                        ? "INSERT INTO tickets (status, body, changed_seq, changed_at, shown_at, unseen_at, ticket_id, order_id, station, seq,"
                                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : "UPDATE tickets SET status = ?, body = ?, changed_seq = ?, changed_at = ?, shown_at = ?, unseen_at = ? WHERE ticket_id = ?")) {
            for (Ticket t : tickets) {
                OutboxEntry e = Outbox.write(c, batch, topic.apply(t), t, false, now, CloudEventType.TICKET);
                batch.publish(new TicketChanged(e.seq(), t, e.payload()));
                ps.setString(1, t.status().name());
                Utf8Column.set(ps, 2, e.payload());
                ps.setLong(3, e.seq());
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setTimestamp(5, t.shownAt() == null ? null : Timestamp.from(t.shownAt()));
                ps.setTimestamp(6, t.unseenAt() == null ? null : Timestamp.from(t.unseenAt()));
                ps.setString(7, t.ticketId());
                if (insert) {
                    ps.setString(8, t.orderId());
                    ps.setString(9, t.station());
                    ps.setLong(10, t.seq());
                    ps.setTimestamp(11, Timestamp.from(t.createdAt()));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static void updateOrderStatus(Connection c, String orderId, String status, Instant now, boolean done)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE orders SET status = ?, updated_at = ?, done_at = ? WHERE order_id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, done ? Timestamp.from(now) : null);
            ps.setString(4, orderId);
            ps.executeUpdate();
        }
    }

    /** The tickets and orders as other features read them, publishing changes to {@code topics}. */
    static TicketTable table(Topics topics) {
        return new TicketTable() {
            @Override
            public List<Waiting> notShownBefore(Connection c, Instant due, int limit) throws SQLException {
                List<Waiting> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id, station FROM tickets"
                        + " WHERE status = 'NEW' AND shown_at IS NULL AND unseen_at IS NULL AND created_at < ?"
                        + " ORDER BY seq LIMIT ?")) {
                    ps.setTimestamp(1, Timestamp.from(due));
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Waiting(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
                return out;
            }

            @Override
            public Optional<Ticket> stillNotShown(Connection c, String ticketId) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("SELECT body FROM tickets"
                        + " WHERE ticket_id = ? AND status = 'NEW' AND shown_at IS NULL AND unseen_at IS NULL")) {
                    ps.setString(1, ticketId);
                    return read(ps).stream().findFirst();
                }
            }

            @Override
            public void markUnseen(Connection c, WriteBatch batch, Ticket t, Instant now) throws SQLException {
                save(c, batch, List.of(t.unseen(now)), false, x -> topics.tickets(x.station()), now);
            }

            @Override
            public List<Ticket> unseenSince(Connection c, Instant since, int limit) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("SELECT body FROM tickets"
                        + " WHERE unseen_at >= ? AND shown_at IS NULL ORDER BY seq LIMIT ?")) {
                    ps.setTimestamp(1, Timestamp.from(since));
                    ps.setInt(2, limit);
                    return read(ps);
                }
            }

            @Override
            public long ordersReceived(Connection c, Instant from, Instant to) throws SQLException {
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT COUNT(*) FROM orders WHERE received_at >= ? AND received_at < ?")) {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            }

            @Override
            public long openTickets(Connection c) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT COUNT(*) FROM tickets WHERE status IN ('NEW', 'IN_PROGRESS', 'READY')");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        };
    }
}
