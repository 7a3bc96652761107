package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.broker.MqttPackets.Filter;
import id.dapur.edge.agent.messaging.broker.MqttPackets.Publish;
import id.dapur.edge.agent.support.LogSafe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's handle for the connection bound to it ({@link Broker#connect}): what the client sends,
 * applied to the broker's sessions and routes. After a takeover or a disconnect it does nothing. On
 * the broker's context, like the broker.
 */
public final class BrokerClient {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final Broker broker;
    private final Session session;
    private final Broker.Link link;

    BrokerClient(Broker broker, Session session, Broker.Link link) {
        this.broker = broker;
        this.session = session;
        this.link = link;
    }

    private boolean live() {
        return session.link == link;
    }

    String clientId() {
        return session.clientId;
    }

    void publish(Publish p) {
        if (!live()) {
            return;
        }
        Message m =
                new Message(p.topic(), p.topic().getBytes(StandardCharsets.UTF_8), p.payload(), p.qos(), p.retain());
        switch (p.qos()) {
            case 0 -> route(m);
            case 1 -> {
                route(m);
                link.send(MqttPackets.puback(p.packetId()));
            }
            default -> {
                // method B of 4.3.3: route on the first PUBLISH, remember the id until PUBREL so a resend is not
                // routed twice
                if (session.awaitingRelease.add(p.packetId())) {
                    route(m);
                }
                link.send(MqttPackets.pubrec(p.packetId()));
            }
        }
    }

    /**
     * A message from a client in the agent's own process, checked by it against the ACL: routed at once
     * (the tap sees it as any PUBLISH), with nothing to acknowledge. False when this handle is no longer
     * the session's (taken over or disconnected): nothing was routed.
     */
    boolean publishInProcess(Message m) {
        if (!live()) {
            return false;
        }
        route(m);
        return true;
    }

    private void route(Message m) {
        if (broker.tap().published(session.clientId, session.user, m) == BrokerTap.Verdict.ROUTE) {
            broker.publish(m);
        }
    }

    /** The front door refused a PUBLISH of this client (it closes the connection next). */
    void refused(String topic, String why) {
        broker.tap().refused(session.clientId, session.user, topic, why);
    }

    void puback(int packetId) {
        if (live()) {
            Session.InFlight f = session.inflight.get(packetId);
            if (f != null && f.delivery.qos() == 1) {
                session.inflight.remove(packetId);
                broker.drain(session);
            }
        }
    }

    void pubrec(int packetId) {
        if (live()) {
            Session.InFlight f = session.inflight.get(packetId);
            if (f != null && f.delivery.qos() == 2) {
                f.released = true;
            }
            link.send(MqttPackets.pubrel(packetId));
        }
    }

    void pubcomp(int packetId) {
        if (live()) {
            Session.InFlight f = session.inflight.get(packetId);
            if (f != null && f.released) {
                session.inflight.remove(packetId);
                broker.drain(session);
            }
        }
    }

    void pubrel(int packetId) {
        if (live()) {
            session.awaitingRelease.remove(packetId);
            link.send(MqttPackets.pubcomp(packetId));
        }
    }

    /** Subscribes, answers SUBACK and sends what is retained; returns the SUBACK's codes (0x80: refused). */
    int[] subscribe(MqttPackets.Subscribe sub) {
        if (!live()) {
            return new int[0];
        }
        int[] codes = new int[sub.filters().size()];
        List<Filter> granted = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            Filter f = sub.filters().get(i);
            if (!TopicTree.valid(f.filter()) || !broker.canRead(session.user, f.filter())) {
                codes[i] = 0x80;
                LOG.warn(
                        "MQTT subscription refused [client: {}, user: {}, filter: {}]",
                        LogSafe.of(session.clientId),
                        LogSafe.of(session.user),
                        LogSafe.of(f.filter()));
                broker.tap().subscribed(session.clientId, session.user, f.filter(), 0x80);
                continue;
            }
            codes[i] = f.qos();
            broker.tap().subscribed(session.clientId, session.user, f.filter(), f.qos());
            session.subscriptions.put(f.filter(), f.qos());
            broker.subscriptions().add(f.filter(), session, f.qos());
            granted.add(f);
        }
        link.send(MqttPackets.suback(sub.packetId(), codes));
        for (Filter f : granted) {
            for (Message m : broker.retained()) {
                if (TopicTree.matches(f.filter(), m.topic())) {
                    broker.deliver(session, m, Math.min(m.qos(), f.qos()), true);
                }
            }
        }
        return codes;
    }

    void unsubscribe(MqttPackets.Unsubscribe unsub) {
        if (!live()) {
            return;
        }
        for (String f : unsub.filters()) {
            if (session.subscriptions.remove(f) != null) {
                broker.subscriptions().remove(f, session);
            }
        }
        link.send(MqttPackets.unsuback(unsub.packetId()));
    }

    /** The connection can take more: send what waits. */
    void writable() {
        if (live()) {
            broker.drain(session);
        }
    }

    /**
     * The connection is gone. {@code graceful}: the client sent DISCONNECT, so its Will is discarded;
     * otherwise it is published. A clean session ends here; a persistent one waits for its client.
     */
    void disconnected(boolean graceful) {
        if (!live()) {
            return;
        }
        Message will = session.will;
        session.link = null;
        session.will = null;
        session.disconnectedAtMillis = broker.clock().millis();
        if (session.clean) {
            broker.discard(session);
        } else {
            // QoS 0 messages are not kept for a client that is away (only QoS 1 and 2 must be)
            session.queue.removeIf(d -> d.qos() == 0);
            session.queuedBytes =
                    session.queue.stream().mapToLong(d -> d.message().size()).sum();
        }
        if (!graceful && will != null) {
            broker.publish(will);
        }
        broker.tap().disconnected(session.clientId, session.user, graceful);
    }

    /** Whether everything routed to this client has been acknowledged by it. */
    boolean settled() {
        return !live() || session.settled();
    }
}
