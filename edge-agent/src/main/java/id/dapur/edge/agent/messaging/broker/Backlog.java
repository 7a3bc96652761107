package id.dapur.edge.agent.messaging.broker;

import java.util.ArrayList;
import java.util.List;

/**
 * What the agent has not yet taken from the embedded broker. The agent's own session acknowledges a
 * message only once it has dealt with it (an order: once it is on disk), so in a flood its queue grows;
 * a broker drops what does not fit in a queue, after it has acknowledged the message to its publisher.
 * For the agent's session the broker holds back the publishers instead: once that queue is at a
 * high-water mark (an eighth of a session's limit, in messages or in bytes) a client that publishes is
 * not read from until the queue is back below half the mark (TCP back-pressure, as for the per-client
 * rate), so a POS that floods is slowed and none of its orders is dropped. Sessions of other clients
 * (screens, a POS listening) never hold anyone back: a slow subscriber must not stop the kitchen.
 * On the broker's context, like the broker.
 */
final class Backlog {
    private final List<Session> watched = new ArrayList<>(1);
    private final int highMessages;
    private final long highBytes;

    Backlog(Broker.Limits limits) {
        this.highMessages = Math.max(1, limits.maxQueuedMessages() / 8);
        this.highBytes = Math.max(1, limits.maxQueuedBytes() / 8);
    }

    /** A session whose link holds back publishers (the agent's own), from its first connect. */
    void watch(Session s) {
        if (!watched.contains(s)) {
            watched.add(s);
        }
    }

    /** The session is gone. */
    void forget(Session s) {
        watched.remove(s);
    }

    /** Whether a client that has just published should wait: a watched session's queue is at the mark. */
    boolean behind() {
        for (Session s : watched) {
            if (s.queue.size() >= highMessages || s.queuedBytes >= highBytes) {
                return true;
            }
        }
        return false;
    }

    /** Whether held-back clients may go on: every watched session's queue is back below half the mark. */
    boolean caughtUp() {
        for (Session s : watched) {
            if (s.queue.size() > highMessages / 2 || s.queuedBytes > highBytes / 2) {
                return false;
            }
        }
        return true;
    }
}
