package id.dapur.edge.cloud;

import java.time.Instant;

/**
 * One event waiting in the outbox for the cloud.
 *
 * @param seq     its place in the outbox (commit order; events of a stream are sent in this order)
 * @param key     the idempotency key: the database's instance id and {@code seq}, so a retried batch is
 *                never applied twice and a fresh database never collides with an old one
 * @param stream  {@code orders}, {@code tickets}, {@code alerts}, {@code audit}, {@code devices} or {@code readings}
 * @param payload the event's JSON, sent as is
 * @param bytes   what it counts against the outbox's disk budget and a batch's size
 */
public record CloudEvent(long seq, String key, String stream, String type, Instant at, String payload, int bytes) {}
