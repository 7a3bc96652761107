package id.dapur.edge.agent.kitchen;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Records ticket and line times for the analytics inside the unit of work that changed the tickets
 *: {@code before} is every ticket of the order before the change, {@code changed} those
 * the change touched, {@code actedOn} the ticket a person acted on (null: none, e.g. a void), and
 * {@code by} the cook signed in where they did it (null if nobody): other tickets that changed with
 * it (an expo ticket turning READY with its last line) are nobody's bump.
 */
@FunctionalInterface
public interface TicketHistory {
    TicketHistory NONE = (c, before, changed, now, actedOn, by) -> {};

    void record(Connection c, List<Ticket> before, List<Ticket> changed, Instant now, String actedOn, String by)
            throws SQLException;
}
