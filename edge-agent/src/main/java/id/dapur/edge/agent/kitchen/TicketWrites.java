package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.storage.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What another feature writes in the storage writer's transaction of a ticket change, so its rows
 * commit (or not) with the tickets: printing adds the chits a change causes. The kitchen defines it
 * and knows nothing of who implements it; the implementation lives in that feature's store. Runs on
 * the writer thread: must be quick and thread-safe.
 */
public interface TicketWrites {
    TicketWrites NONE = new TicketWrites() {};

    /** Newly accepted tickets. */
    default void accepted(Connection c, WriteBatch batch, List<Ticket> tickets, Instant now) throws SQLException {}

    /** Tickets that lost lines to a void ({@code voidedLineIds}, empty when the whole order). */
    default void voided(Connection c, WriteBatch batch, List<Ticket> changed, List<String> voidedLineIds, Instant now)
            throws SQLException {}
}
