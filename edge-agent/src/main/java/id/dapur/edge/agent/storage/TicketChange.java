package id.dapur.edge.agent.storage;

/**
 * A ticket as of its last change: {@code seq} is the global sequence number of that change (the
 * outbox entry that published it), {@code json} the ticket as published.
 */
public record TicketChange(long seq, String json) {}
