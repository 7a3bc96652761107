package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.support.Json;
import java.util.List;

/** A committed ticket change, parsed once for everything on the floor that follows tickets (board, load). */
public record ChangedTicket(long seq, Ticket ticket) {
    public static List<ChangedTicket> parse(List<TicketChanged> changes) {
        return changes.stream()
                .map(c -> new ChangedTicket(c.seq(), Json.read(c.json(), Ticket.class)))
                .toList();
    }
}
