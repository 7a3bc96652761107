package id.dapur.edge.agent.kitchen;

/**
 * A ticket was created or changed: change number {@code seq} (its outbox entry's), the station it
 * belongs to, and the ticket as published. Published with the commit that made it.
 */
public record TicketChanged(long seq, String station, String json) {}
