package id.dapur.edge.agent.storage;

/**
 * A publication committed with the change that caused it, published after the commit (transactional
 * outbox). {@code seq} 0 marks a transient message with no stored row; {@code readyNanos} is when it
 * became ready to publish ({@link System#nanoTime()}, for the publish latency metric).
 */
public record OutboxEntry(long seq, String topic, String payload, int qos, boolean retained, long readyNanos) {}
