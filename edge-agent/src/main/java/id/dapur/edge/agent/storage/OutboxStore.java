package id.dapur.edge.agent.storage;

import io.vertx.core.Future;
import java.util.List;

/** The MQTT outbox (committed publications waiting for the broker) and the dead letters. */
public interface OutboxStore {
    /** Committed publications after {@code afterSeq} not yet confirmed by the broker, oldest first. */
    Future<List<OutboxEntry>> pendingOutbox(long afterSeq, int limit);

    /** Forgets publications the broker confirmed (not forced to disk: a repeat after a crash is harmless). */
    Future<Void> published(List<Long> seqs);

    Future<Void> deadLetter(String topic, String code, String message, String excerpt);
}
