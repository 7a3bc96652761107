package id.dapur.edge.agent.storage;

import java.time.Instant;

/**
 * An event was written to the cloud outbox: its size as the outbox accounts it, when, and its
 * sequence number. A batch that writes one is always fsynced, and subscribers hear of it after the
 * fsync: events up to this seq are durable and may leave for the cloud.
 */
public record CloudEventWritten(int bytes, Instant at, long seq) {}
