package id.dapur.edge.agent.storage;

import java.time.Instant;

/** An event was written to the cloud outbox: its size as the outbox accounts it, and when. */
public record CloudEventWritten(int bytes, Instant at) {
}
