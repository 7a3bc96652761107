package id.dapur.edge.agent.kitchen;

/**
 * A ticket was created or changed: change number {@code seq} (its outbox entry's), the ticket itself
 * (immutable, as committed) and as published ({@code json}, what screens are sent). Published with
 * the commit that made it, so what follows tickets on the floor reads the type and never parses the
 * JSON back.
 */
public record TicketChanged(long seq, Ticket ticket, String json) {
    /** The station the ticket belongs to. */
    public String station() {
        return ticket.station();
    }
}
