package id.dapur.edge.agent.messaging.broker;

import java.nio.charset.StandardCharsets;

/**
 * An application message as published: topic, payload, the QoS and RETAIN it was published with.
 * The topic's UTF-8 bytes are kept so each delivery does not encode it again.
 */
public record Message(String topic, byte[] topicBytes, byte[] payload, int qos, boolean retain) {
    public Message {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS " + qos);
        }
    }

    public static Message of(String topic, byte[] payload, int qos, boolean retain) {
        return new Message(topic, topic.getBytes(StandardCharsets.UTF_8), payload, qos, retain);
    }

    /** Roughly what it costs to hold one in a queue. */
    int size() {
        return topicBytes.length + payload.length + 64;
    }
}
