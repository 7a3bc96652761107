package id.dapur.edge.cloud;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The store-and-forward outbox as the sender sees it. Events are written by the agent in the same
 * transaction as the change that caused them; the sender reads the oldest, and removes what the cloud
 * is done with. Implementations keep {@link #backlog()} in memory so it is cheap to ask.
 */
public interface CloudOutbox {

    /** What waits: events, bytes (as {@link CloudEvent#bytes()}), and when the oldest was written (null if none). */
    record Backlog(long events, long bytes, Instant oldest) {}

    /** An event the cloud will never apply, with its reason. */
    record Rejected(CloudEvent event, String code, String message) {}

    /**
     * The oldest events after {@code afterSeq} in commit order, at most {@code maxEvents} and
     * {@code maxBytes} (at least one). The sender passes the last seq the cloud already took whose
     * removal may still be on its way, so the next batch can be read while the last one is settled.
     */
    Future<List<CloudEvent>> oldest(long afterSeq, int maxEvents, int maxBytes);

    /** Removes the events the cloud is done with; rejected ones are kept as dead letters. One transaction. */
    Future<Void> settle(List<CloudEvent> done, List<Rejected> rejected);

    Backlog backlog();

    /** Called (on any thread) after events are committed, so the sender can wake. */
    void onAdded(Runnable listener);
}
