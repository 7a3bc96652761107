package id.dapur.edge.agent.alerts;

import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.AgentMetrics;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a broker's silent drops loud. A broker drops a QoS 1 message for a subscriber whose queue is
 * full after it has already sent PUBACK to the publisher: Mosquitto at {@code max_queued_messages}
 * (1,000 by default: a POS burst of 5,000 orders while the agent stores ~1,000 a second kept 1,040),
 * the embedded broker at its per-client limits (a screen away for hours, a client that stopped
 * reading). {@code mosquitto-config} raises Mosquitto's limits; an outlet broker set up by hand may
 * not. Both brokers publish their count on {@value Topics#BROKER_DROPPED}; when it is above zero or
 * grows the agent logs at ERROR and raises {@value #KIND}. Runs on the agent's event loop.
 */
final class BrokerDrops {
    static final String KIND = "BROKER_DROPPED_MESSAGES";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerDrops.class);
    private final H2AlertStore alerts;
    private long last = -1;
    private volatile long dropped;

    private final boolean embedded;

    BrokerDrops(H2AlertStore alerts, AgentMetrics metrics, boolean embedded) {
        this.alerts = alerts;
        this.embedded = embedded;
        metrics.gauge(
                "dapur.broker.dropped.messages",
                "messages the MQTT broker says it dropped (queue limits), since it started",
                () -> dropped);
    }

    void reported(byte[] payload) {
        long n;
        try {
            n = Long.parseLong(new String(payload, 0, Math.min(payload.length, 32), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            LOG.warn(
                    "the broker's count of dropped messages is not a number; ignored [topic: {}]",
                    Topics.BROKER_DROPPED);
            return;
        }
        long before = n < last ? 0 : last; // a smaller count: the broker restarted and counts again from zero
        last = n;
        dropped = n;
        if (n <= 0 || n == before) {
            return;
        }
        long now = before < 0 ? n : n - before;
        String message = "the MQTT broker dropped " + now
                + (before < 0 ? " messages since it started" : " more messages") + " (" + n
                + " in all): its queue limits are too low for this outlet, and orders may have been lost at the broker although the POS "
                + "was told they arrived. "
                + (embedded
                        ? "A client's queue was full: a screen or POS away for a long time, or one that stopped reading (see docs/brokers.md)"
                        : "Use the broker configuration that 'dapur-edge mosquitto-config' writes (max_queued_messages)");
        LOG.error("{} [dropped: {}, total: {}]", "the MQTT broker dropped messages", now, n);
        alerts.raise(KIND, "broker", "CRITICAL", message);
    }
}
