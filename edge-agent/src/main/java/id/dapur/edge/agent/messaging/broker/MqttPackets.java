package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.broker.MqttFrames.Packet;
import id.dapur.edge.agent.messaging.broker.MqttFrames.ProtocolError;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT 3.1.1 packets the broker reads after CONNECT, and the ones it writes. Reading checks
 * what the specification makes a protocol violation (reserved flags, QoS 3, a wildcard in a topic
 * name, ill-formed UTF-8, a SUBSCRIBE with no filter): the caller closes the connection on a
 * {@link ProtocolError}. CONNECT itself is decoded by Netty's codec in {@link ConnectCheck}.
 */
final class MqttPackets {
    private MqttPackets() {}

    /** A PUBLISH as received. {@code packetId} is 0 at QoS 0. */
    record Publish(String topic, byte[] payload, int qos, boolean dup, boolean retain, int packetId) {}

    /** One topic filter of a SUBSCRIBE with the QoS asked for. */
    record Filter(String filter, int qos) {}

    record Subscribe(int packetId, List<Filter> filters) {}

    record Unsubscribe(int packetId, List<String> filters) {}

    static Publish publish(Packet p) throws ProtocolError {
        int qos = (p.flags() >> 1) & 3;
        boolean dup = (p.flags() & 8) != 0;
        if (qos == 3) {
            throw new ProtocolError("PUBLISH with QoS 3");
        }
        if (qos == 0 && dup) {
            throw new ProtocolError("PUBLISH at QoS 0 with DUP set");
        }
        Buffer b = p.bytes();
        int at = p.headerLength();
        if (p.remainingLength() < 2) {
            throw new ProtocolError("PUBLISH without a topic");
        }
        int len = b.getUnsignedShort(at);
        at += 2;
        if (len == 0 || at + len + (qos > 0 ? 2 : 0) > b.length()) {
            throw new ProtocolError("PUBLISH with a bad topic length");
        }
        String topic = utf8(b, at, len);
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new ProtocolError("PUBLISH to a topic name with a wildcard");
        }
        at += len;
        int packetId = 0;
        if (qos > 0) {
            packetId = b.getUnsignedShort(at);
            at += 2;
            if (packetId == 0) {
                throw new ProtocolError("PUBLISH with packet id 0");
            }
        }
        return new Publish(topic, b.getBytes(at, b.length()), qos, dup, (p.flags() & 1) != 0, packetId);
    }

    /** The packet id of a PUBACK, PUBREC, PUBREL or PUBCOMP (PUBREL's flags must be 0010, the others' 0000). */
    static int acknowledged(Packet p) throws ProtocolError {
        int expectedFlags = p.type() == MqttFrames.PUBREL ? 2 : 0;
        if (p.flags() != expectedFlags || p.remainingLength() != 2) {
            throw new ProtocolError("malformed acknowledgement (type " + p.type() + ")");
        }
        return p.bytes().getUnsignedShort(p.headerLength());
    }

    static Subscribe subscribe(Packet p) throws ProtocolError {
        if (p.flags() != 2) {
            throw new ProtocolError("SUBSCRIBE with reserved flags other than 0010");
        }
        Buffer b = p.bytes();
        int at = p.headerLength();
        if (p.remainingLength() < 2) {
            throw new ProtocolError("SUBSCRIBE without a packet id");
        }
        int packetId = b.getUnsignedShort(at);
        at += 2;
        List<Filter> filters = new ArrayList<>();
        while (at < b.length()) {
            if (at + 2 > b.length()) {
                throw new ProtocolError("SUBSCRIBE with a bad filter length");
            }
            int len = b.getUnsignedShort(at);
            at += 2;
            if (at + len + 1 > b.length()) {
                throw new ProtocolError("SUBSCRIBE with a bad filter length");
            }
            String filter = utf8(b, at, len);
            at += len;
            int options = b.getUnsignedByte(at++);
            if ((options & 0xFC) != 0 || options == 3) {
                throw new ProtocolError("SUBSCRIBE with requested QoS byte " + options);
            }
            filters.add(new Filter(filter, options));
        }
        if (filters.isEmpty()) {
            throw new ProtocolError("SUBSCRIBE with no topic filter");
        }
        return new Subscribe(packetId, filters);
    }

    static Unsubscribe unsubscribe(Packet p) throws ProtocolError {
        if (p.flags() != 2) {
            throw new ProtocolError("UNSUBSCRIBE with reserved flags other than 0010");
        }
        Buffer b = p.bytes();
        int at = p.headerLength();
        if (p.remainingLength() < 2) {
            throw new ProtocolError("UNSUBSCRIBE without a packet id");
        }
        int packetId = b.getUnsignedShort(at);
        at += 2;
        List<String> filters = new ArrayList<>();
        while (at < b.length()) {
            if (at + 2 > b.length()) {
                throw new ProtocolError("UNSUBSCRIBE with a bad filter length");
            }
            int len = b.getUnsignedShort(at);
            at += 2;
            if (at + len > b.length()) {
                throw new ProtocolError("UNSUBSCRIBE with a bad filter length");
            }
            filters.add(utf8(b, at, len));
            at += len;
        }
        if (filters.isEmpty()) {
            throw new ProtocolError("UNSUBSCRIBE with no topic filter");
        }
        return new Unsubscribe(packetId, filters);
    }

    /** PINGREQ and DISCONNECT: no flags, nothing after the fixed header. */
    static void empty(Packet p) throws ProtocolError {
        if (p.flags() != 0 || p.remainingLength() != 0) {
            throw new ProtocolError("malformed packet of type " + p.type());
        }
    }

    private static String utf8(Buffer b, int at, int len) throws ProtocolError {
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b.getBytes(at, at + len)))
                    .toString();
            if (s.indexOf('\u0000') >= 0) {
                throw new ProtocolError("a string with U+0000");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new ProtocolError("a string that is not well-formed UTF-8");
        }
    }

    // ---- what the broker writes

    static Buffer connack(boolean sessionPresent, int returnCode) {
        return Buffer.buffer(new byte[] {0x20, 0x02, (byte) (sessionPresent ? 1 : 0), (byte) returnCode});
    }

    /** A PUBLISH to a client; {@code topic} as UTF-8 bytes (encoded once per message, not per subscriber). */
    static Buffer publish(byte[] topic, byte[] payload, int qos, boolean dup, boolean retain, int packetId) {
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payload.length;
        Buffer b = Buffer.buffer(remaining + 5);
        b.appendByte((byte) (0x30 | (dup ? 8 : 0) | qos << 1 | (retain ? 1 : 0)));
        appendLength(b, remaining);
        b.appendUnsignedShort(topic.length).appendBytes(topic);
        if (qos > 0) {
            b.appendUnsignedShort(packetId);
        }
        return b.appendBytes(payload);
    }

    static Buffer puback(int packetId) {
        return ack(0x40, packetId);
    }

    static Buffer pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    static Buffer pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    static Buffer pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    static Buffer unsuback(int packetId) {
        return ack(0xB0, packetId);
    }

    static Buffer suback(int packetId, int[] returnCodes) {
        Buffer b = Buffer.buffer(returnCodes.length + 6).appendByte((byte) 0x90);
        appendLength(b, 2 + returnCodes.length);
        b.appendUnsignedShort(packetId);
        for (int c : returnCodes) {
            b.appendByte((byte) c);
        }
        return b;
    }

    static Buffer pingresp() {
        return Buffer.buffer(new byte[] {(byte) 0xD0, 0x00});
    }

    private static Buffer ack(int first, int packetId) {
        return Buffer.buffer(4).appendByte((byte) first).appendByte((byte) 2).appendUnsignedShort(packetId);
    }

    private static void appendLength(Buffer b, int length) {
        do {
            int digit = length % 128;
            length /= 128;
            b.appendByte((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
    }
}
