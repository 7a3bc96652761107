package id.dapur.edge.agent.messaging.broker;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One client id's state at the broker (MQTT 3.1.1 section 4.1): its subscriptions, the QoS 1 and 2
 * messages sent to it and not yet acknowledged (resent, DUP set, when it comes back), the messages
 * queued behind them, and the QoS 2 packet ids it sent that await PUBREL. A clean session lives as
 * long as its connection; a persistent one outlives it until it expires. Owned by the broker's
 * context; nothing here is thread-safe.
 */
final class Session {
    /** A message on its way to this session: at the QoS it is delivered with, RETAIN as it is sent. */
    record Delivery(Message message, int qos, boolean retain) {}

    /** A QoS 1 or 2 message sent and not yet acknowledged; {@code released} once PUBREC came (PUBREL sent). */
    static final class InFlight {
        final Delivery delivery;
        boolean released;

        InFlight(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    final String clientId;
    String user;
    boolean clean;
    final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    /** By packet id, in the order they were sent (the order they are resent in). */
    final LinkedHashMap<Integer, InFlight> inflight = new LinkedHashMap<>();

    final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    long queuedBytes;
    final Set<Integer> awaitingRelease = new HashSet<>();
    Broker.Link link;
    Message will;
    long disconnectedAtMillis;
    /** Messages dropped since the queue last had room, so a full queue is logged once, not per message. */
    long droppedInARow;

    private int nextPacketId = 1;

    Session(String clientId, String user, boolean clean) {
        this.clientId = clientId;
        this.user = user;
        this.clean = clean;
    }

    boolean connected() {
        return link != null;
    }

    /** A packet id not in flight (1 to 65535, in turn). */
    int packetId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
    }

    /** Nothing in flight and nothing queued: every message routed to it has been acknowledged. */
    boolean settled() {
        return inflight.isEmpty() && queue.isEmpty();
    }
}
