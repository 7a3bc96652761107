package id.dapur.edge.agent.messaging.broker;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into MQTT control packets (fixed header: type and flags, then the remaining
 * length as a variable byte integer) without decoding them; {@link MqttPackets} reads what is in
 * them. A packet larger than the limit, or a length that is not a valid variable byte integer, is a
 * protocol error: the caller closes the connection.
 */
final class MqttFrames {
    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int UNSUBSCRIBE = 10;
    static final int UNSUBACK = 11;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    /** One whole packet: its type, the flags of its first byte, all its bytes, and where its variable header starts. */
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
            sink.accept(new Packet(
                    first >> 4,
                    first & 0x0F,
                    pending.slice(offset, offset + i + length).copy(),
                    i));
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
}
