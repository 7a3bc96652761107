package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.storage.WriteBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Puts a ticket no screen showed on paper, in the caller's unit of work (the floor's display
 * receipts use it): nothing when its chit already printed.
 */
@FunctionalInterface
public interface UnseenChits {
    /** Null when a chit already printed (nothing to tell), else what happened, in words for an alert. */
    String print(Connection c, WriteBatch batch, Ticket t, Instant now) throws SQLException;
}
