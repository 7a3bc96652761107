package id.dapur.edge.agent.messaging.front;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into MQTT control packets (fixed header: type and flags, then the remaining
 * length as a variable byte integer) without decoding them, and reads the few fields the front door
 * checks. A packet larger than the limit, or a length that is not a valid variable byte integer, is a
 * protocol error: the caller closes the connection.
 */
final class MqttFrames {
    static final int CONNECT = 1;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBSCRIBE = 8;

    /** One whole packet: its first byte and all its bytes. */
    record Packet(int type, int flags, Buffer bytes, int headerLength) {
        int remainingLength() {
            return bytes.length() - headerLength;
        }
    }

    /** Thrown (and the connection closed) when the stream cannot be a valid MQTT stream. */
    static final class ProtocolError extends Exception {
        ProtocolError(String message) {
            super(message, null, false, false);
        }
    }

    private int maxPacketBytes;
    private Buffer pending = Buffer.buffer();

    MqttFrames(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /** Adds bytes and hands every packet now complete to {@code sink}, in order. */
    void feed(Buffer data, Consumer<Packet> sink) throws ProtocolError {
        pending = pending.length() == 0 ? data : pending.appendBuffer(data);
        int offset = 0;
        while (true) {
            int available = pending.length() - offset;
            if (available < 2) {
                break;
            }
            int length = 0;
            int multiplier = 1;
            int i = 1;
            boolean complete = false;
            while (i < available && i <= 4) {
                int b = pending.getUnsignedByte(offset + i);
                length += (b & 0x7F) * multiplier;
                multiplier *= 128;
                i++;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (i > 4) {
                    throw new ProtocolError("malformed remaining length");
                }
                break; // more bytes of the length to come
            }
            if (length + i > maxPacketBytes) {
                throw new ProtocolError("packet of " + (length + i) + " bytes is over the limit of " + maxPacketBytes);
            }
            if (available < i + length) {
                break;
            }
            int first = pending.getUnsignedByte(offset);
            sink.accept(new Packet(first >> 4, first & 0x0F, pending.slice(offset, offset + i + length).copy(), i));
            offset += i + length;
        }
        pending = offset == 0 ? pending : pending.getBuffer(offset, pending.length());
    }

    /** Changes the largest packet allowed from now on (a CONNECT is small; later packets may carry orders). */
    void limit(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /** Bytes received but not yet a whole packet. */
    int buffered() {
        return pending.length();
    }

    /** The topic name of a PUBLISH packet. */
    static String topic(Packet p) throws ProtocolError {
        int at = p.headerLength();
        if (p.remainingLength() < 2) {
            throw new ProtocolError("PUBLISH without a topic");
        }
        int len = p.bytes().getUnsignedShort(at);
        if (len == 0 || at + 2 + len > p.bytes().length()) {
            throw new ProtocolError("PUBLISH with a bad topic length");
        }
        return new String(p.bytes().getBytes(at + 2, at + 2 + len), StandardCharsets.UTF_8);
    }

    /** The topic filters of a SUBSCRIBE packet (MQTT 3.1.1: packet id, then filter and options pairs). */
    static java.util.List<String> filters(Packet p) throws ProtocolError {
        java.util.List<String> out = new java.util.ArrayList<>();
        int at = p.headerLength() + 2;
        int end = p.bytes().length();
        while (at + 2 <= end) {
            int len = p.bytes().getUnsignedShort(at);
            if (at + 2 + len + 1 > end) {
                throw new ProtocolError("SUBSCRIBE with a bad filter length");
            }
            out.add(new String(p.bytes().getBytes(at + 2, at + 2 + len), StandardCharsets.UTF_8));
            at += 2 + len + 1;
        }
        return out;
    }

    /** The application message of a PUBLISH packet (after topic and packet id). */
    static byte[] payload(Packet p, String topic) {
        int qos = (p.flags() >> 1) & 3;
        int start = p.headerLength() + 2 + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0);
        return start >= p.bytes().length() ? new byte[0] : p.bytes().getBytes(start, p.bytes().length());
    }

    /** A CONNACK (MQTT 3.1.1) with this return code. */
    static Buffer connack(int returnCode) {
        return Buffer.buffer(new byte[] {0x20, 0x02, 0x00, (byte) returnCode});
    }
}
