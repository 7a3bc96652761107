package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.storage.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The kitchen's tickets and orders as another feature reads or marks them inside a unit of work of
 * its own (the floor's display receipts, the dashboard's glance). The tables stay the kitchen's:
 * other features reach them only through this type ({@link KitchenService#tickets()}).
 */
public interface TicketTable {
    /** A ticket waiting for a screen: its id and station. */
    record Waiting(String ticketId, String station) {}

    /** NEW tickets created before {@code due} that no screen has shown and none has reported unseen, oldest first. */
    List<Waiting> notShownBefore(Connection c, Instant due, int limit) throws SQLException;

    /** The ticket, if it is still NEW, not shown and not reported unseen. */
    Optional<Ticket> stillNotShown(Connection c, String ticketId) throws SQLException;

    /** Marks the ticket unseen at {@code now}: stored and published to its station with the batch. */
    void markUnseen(Connection c, WriteBatch batch, Ticket t, Instant now) throws SQLException;

    /** Tickets reported unseen since {@code since} that no screen has shown yet, oldest first. */
    List<Ticket> unseenSince(Connection c, Instant since, int limit) throws SQLException;

    /** Orders received in {@code [from, to)}. */
    long ordersReceived(Connection c, Instant from, Instant to) throws SQLException;

    /** Tickets not yet bumped or voided (NEW, IN_PROGRESS, READY). */
    long openTickets(Connection c) throws SQLException;
}
