package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketChanged;
import java.util.List;

/** A committed ticket change, for everything on the floor that follows tickets (board, load). */
public record ChangedTicket(long seq, Ticket ticket) {
    public static List<ChangedTicket> of(List<TicketChanged> changes) {
        return changes.stream().map(c -> new ChangedTicket(c.seq(), c.ticket())).toList();
    }
}
