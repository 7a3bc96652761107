package id.dapur.edge.agent.storage;

/** A publication committed with the change that caused it, published after the commit (transactional outbox). */
public record OutboxEntry(long seq, String topic, String payload, int qos, boolean retained) {
}
