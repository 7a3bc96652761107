package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.support.LogSafe;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT 3.1.1 broker's core: sessions by client id, subscriptions, retained messages
 * and the QoS 0, 1 and 2 flows in both directions. Who may connect, publish and retain is decided
 * before a packet gets here (the {@link FrontDoor front door}); the broker decides who may
 * subscribe (SUBACK 0x80 for a filter the ACL refuses) and keeps what MQTT 3.1.1 promises a client:
 * <ul>
 * <li>QoS 1 and 2 messages not acknowledged when a persistent session's connection drops are sent
 * again, DUP set and with their packet ids, when it reconnects, before anything new (4.4.0-1);
 * <li>a retained message sent because of a new subscription has RETAIN set (3.3.1-8), one routed to
 * an existing subscription has it clear (3.3.1-9); a retained message with an empty payload removes it;
 * <li>a client with overlapping subscriptions gets one copy, at the highest QoS granted (3.3.5);
 * <li>filters that start with a wildcard do not match topics that start with {@code $} (4.7.2-1);
 * <li>messages for one subscriber go out in the order they were published (4.6.0).
 * </ul>
 * Each session has at most {@link Limits#inflight} messages in flight and a bounded queue behind
 * them; what does not fit is dropped, counted, logged and reported on
 * {@value #DROPPED_TOPIC} as Mosquitto does, so the agent's alert fires for either broker.
 * Everything runs on one Vert.x context; nothing here is thread-safe.
 */
public final class Broker {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    /** Where the count of dropped messages is published, retained (the topic Mosquitto uses). */
    public static final String DROPPED_TOPIC = "$SYS/broker/publish/messages/dropped";

    /** The ends of a session's pipe: how many in flight, how much may wait behind them, how long a session outlives its client. */
    public record Limits(int inflight, int maxQueuedMessages, long maxQueuedBytes, Duration sessionExpiry) {
        public static final Limits DEFAULT = new Limits(100, 20_000, 8L << 20, Duration.ofHours(24));
    }

    /** What the broker needs of a client's connection. */
    interface Link {
        /** A packet to the client: CONNACK, an acknowledgement, SUBACK, UNSUBACK. */
        void send(Buffer packet);

        /** A PUBLISH to the client: encoded and sent by default; a client in the agent's process takes the message as it is. */
        default void publish(Message m, int qos, boolean dup, boolean retain, int packetId) {
            send(MqttPackets.publish(m.topicBytes(), m.payload(), qos, dup, retain, packetId));
        }

        /** False while the connection's write queue is full: the broker queues until {@link BrokerClient#writable()}. */
        boolean writable();

        /** Closes the connection (the broker has detached it already). */
        void close(String why);

        /** True for the agent's own session: what it has not yet taken holds back publishers ({@link Backlog}). */
        default boolean holdsBackPublishers() {
            return false;
        }
    }

    /** What a connection gets back from {@link #connect}: its session, and whether it was there before. */
    public record Connected(BrokerClient client, boolean sessionPresent) {}

    private final Context context;
    private final Limits limits;
    private final Backlog backlog;
    private final BiPredicate<String, String> canRead;
    private final Clock clock;
    private final Map<String, Session> sessions = new HashMap<>();
    private final TopicTree<Session> subscriptions = new TopicTree<>();
    private final Map<String, Message> retained = new LinkedHashMap<>();
    private BrokerTap tap = BrokerTap.NONE;
    private long dropped;
    private long droppedReported;
    private long anonymous;
    private final long sweeper;

    /**
     * A broker on {@code context}, which then expires sessions and reports drops every 10 s.
     *
     * @param canRead whether a user may subscribe to a filter (every topic it can match readable)
     */
    public Broker(Context context, Limits limits, BiPredicate<String, String> canRead, Clock clock) {
        this.context = context;
        this.limits = limits;
        this.backlog = new Backlog(limits);
        this.canRead = canRead;
        this.clock = clock;
        this.sweeper = context == null
                ? -1
                : context.owner().setPeriodic(10_000, t -> context.runOnContext(v -> housekeeping()));
    }

    // ---- connections

    /**
     * Binds a connection that passed CONNECT to its session, answers CONNACK and sends again what was
     * in flight. A live connection with the same client id is closed (3.1.4-2) and its Will published.
     * An empty client id gets a unique one (it has a clean session: ConnectCheck saw to it).
     */
    Connected connect(Link link, String clientId, String user, boolean clean, Message will) {
        String id = clientId.isEmpty() ? "dapur-anon-" + (++anonymous) : clientId;
        Session s = sessions.get(id);
        if (s != null && s.connected()) {
            Link old = s.link;
            Message oldWill = s.will;
            s.link = null;
            s.will = null;
            old.close("session taken over by a new connection with the same client id");
            if (oldWill != null) {
                publish(oldWill);
            }
        }
        boolean present = s != null && !clean;
        if (s != null && clean) {
            discard(s);
            s = null;
        }
        if (s == null) {
            s = new Session(id, user, clean);
            sessions.put(id, s);
        }
        s.user = user;
        s.clean = clean;
        s.link = link;
        s.will = will;
        if (link.holdsBackPublishers()) {
            backlog.watch(s);
        }
        link.send(MqttPackets.connack(present, 0));
        for (Map.Entry<Integer, Session.InFlight> e : s.inflight.entrySet()) {
            Session.InFlight f = e.getValue();
            if (f.released) {
                link.send(MqttPackets.pubrel(e.getKey()));
            } else {
                link.publish(f.delivery.message(), f.delivery.qos(), true, f.delivery.retain(), e.getKey());
            }
        }
        drain(s);
        tap.connected(id, user, clean, present);
        return new Connected(new BrokerClient(this, s, link), present);
    }

    boolean canRead(String user, String filter) {
        return canRead.test(user, filter);
    }

    TopicTree<Session> subscriptions() {
        return subscriptions;
    }

    Collection<Message> retained() {
        return retained.values();
    }

    Clock clock() {
        return clock;
    }

    /** What the agent has not yet taken: whether publishers should wait. */
    Backlog backlog() {
        return backlog;
    }

    /** Watches the clients from now on ({@link BrokerTap#NONE}: no more). */
    void tap(BrokerTap tap) {
        this.tap = tap == null ? BrokerTap.NONE : tap;
    }

    BrokerTap tap() {
        return tap;
    }

    /** Closes the connection of a client id, as a network drop would (its Will published); false when it is not connected. */
    boolean drop(String clientId, String why) {
        Session s = sessions.get(clientId);
        if (s == null || !s.connected()) {
            return false;
        }
        s.link.close(why);
        return true;
    }

    // ---- routing

    /** Routes a message to every matching subscription, and keeps or removes it as the retained one of its topic. */
    public void publish(Message m) {
        if (m.retain()) {
            if (m.payload().length == 0) {
                retained.remove(m.topic());
            } else {
                retained.put(m.topic(), m);
            }
        }
        for (Map.Entry<Session, Integer> e : subscriptions.match(m.topic()).entrySet()) {
            deliver(e.getKey(), m, Math.min(m.qos(), e.getValue()), false);
        }
    }

    void deliver(Session s, Message m, int qos, boolean retain) {
        if (!tap.delivering(s.clientId, s.user, m)) {
            return;
        }
        Session.Delivery d = new Session.Delivery(m, qos, retain);
        if (s.connected()
                && s.queue.isEmpty()
                && s.link.writable()
                && (qos == 0 || s.inflight.size() < limits.inflight())) {
            send(s, d);
            return;
        }
        if (!s.connected() && qos == 0) {
            return;
        }
        if (s.queue.size() >= limits.maxQueuedMessages() || s.queuedBytes + m.size() > limits.maxQueuedBytes()) {
            dropped++;
            if (s.droppedInARow++ == 0) {
                LOG.error(
                        "MQTT messages dropped: a client's queue is full [client: {}, queued: {}, bytes: {}, connected: {}]",
                        LogSafe.of(s.clientId),
                        s.queue.size(),
                        s.queuedBytes,
                        s.connected());
            }
            return;
        }
        s.droppedInARow = 0;
        s.queue.addLast(d);
        s.queuedBytes += m.size();
    }

    private void send(Session s, Session.Delivery d) {
        Message m = d.message();
        int packetId = 0;
        if (d.qos() > 0) {
            packetId = s.packetId();
            s.inflight.put(packetId, new Session.InFlight(d));
        }
        s.link.publish(m, d.qos(), false, d.retain(), packetId);
    }

    void drain(Session s) {
        while (s.connected() && !s.queue.isEmpty() && s.link.writable()) {
            Session.Delivery d = s.queue.peekFirst();
            if (d.qos() > 0 && s.inflight.size() >= limits.inflight()) {
                return;
            }
            s.queue.pollFirst();
            s.queuedBytes -= d.message().size();
            send(s, d);
        }
    }

    void discard(Session s) {
        s.subscriptions.keySet().forEach(f -> subscriptions.remove(f, s));
        s.subscriptions.clear();
        s.queue.clear();
        s.inflight.clear();
        sessions.remove(s.clientId, s);
        backlog.forget(s);
    }

    /** Expires persistent sessions away for longer than {@link Limits#sessionExpiry}; publishes the drop count if it changed. */
    void housekeeping() {
        long expired = clock.millis() - limits.sessionExpiry().toMillis();
        for (Session s : new ArrayList<>(sessions.values())) {
            if (!s.connected() && s.disconnectedAtMillis < expired) {
                LOG.info(
                        "persistent MQTT session expired [client: {}, queued: {}]",
                        LogSafe.of(s.clientId),
                        s.queue.size() + s.inflight.size());
                discard(s);
            }
        }
        if (dropped != droppedReported) {
            droppedReported = dropped;
            publish(Message.of(DROPPED_TOPIC, Long.toString(dropped).getBytes(StandardCharsets.US_ASCII), 0, true));
        }
    }

    /** Messages dropped because a client's queue was full, since the broker started. */
    public long dropped() {
        return dropped;
    }

    public int sessions() {
        return sessions.size();
    }

    public int retainedMessages() {
        return retained.size();
    }

    public void close() {
        if (context != null) {
            context.owner().cancelTimer(sweeper);
        }
    }
}
