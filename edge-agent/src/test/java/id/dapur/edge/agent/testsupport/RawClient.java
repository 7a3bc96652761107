package id.dapur.edge.agent.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP client that speaks MQTT (or HTTP) byte by byte, the way an attacker on the LAN would: from a
 * chosen loopback source address (127.0.0.0/8, so per-address limits can be tested without locking
 * out the test itself), with packets built by Netty's MQTT codec, and with an abrupt close (RST, no
 * DISCONNECT) that makes a broker fire the Will.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    public static RawClient open(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return new RawClient(s);
    }

    /** A Will for {@link #connect}. */
    public record Will(String topic, String payload, boolean retain) {}

    public static byte[] connectPacket(String clientId, String user, String password, Will will, boolean cleanSession) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .clientId(clientId)
                .cleanSession(cleanSession)
                .keepAlive(30)
                .protocolVersion(MqttVersion.MQTT_3_1_1);
        if (user != null) {
            b.hasUser(true).username(user);
        }
        if (password != null) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        if (will != null) {
            b.willFlag(true)
                    .willTopic(will.topic())
                    .willMessage(will.payload().getBytes(StandardCharsets.UTF_8))
                    .willQoS(MqttQoS.AT_LEAST_ONCE)
                    .willRetain(will.retain());
        }
        MqttConnectMessage m = b.build();
        return encode(m);
    }

    public static byte[] publishPacket(String topic, byte[] payload, boolean retain) {
        return encode(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_MOST_ONCE)
                .retained(retain)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(payload))
                .build());
    }

    private static byte[] encode(MqttMessage m) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            ch.writeOutbound(m);
            ByteBuf out = ch.readOutbound();
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            return bytes;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** Sends CONNECT and returns the CONNACK return code, or -1 if the server closed without one. */
    public int connect(String clientId, String user, String password, Will will, boolean cleanSession)
            throws IOException {
        write(connectPacket(clientId, user, password, will, cleanSession));
        return connack();
    }

    public int connack() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] b = new byte[4];
        int n = 0;
        while (n < 4) {
            int r = in.read(b, n, 4 - n);
            if (r < 0) {
                return -1;
            }
            n += r;
        }
        if (b[0] != 0x20) {
            throw new IOException("expected CONNACK, got packet type " + ((b[0] & 0xF0) >> 4));
        }
        sessionPresent = (b[2] & 1) == 1;
        return b[3];
    }

    private boolean sessionPresent;
    private final ArrayDeque<Packet> unread = new ArrayDeque<>();

    /** Whether the last CONNACK said the broker kept this client's session. */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /** One packet as read off the wire: its type, the flags of its first byte and what follows the fixed header. */
    public record Packet(int type, int flags, byte[] body) {
        public int qos() {
            return (flags >> 1) & 3;
        }

        public boolean dup() {
            return (flags & 8) != 0;
        }

        public boolean retain() {
            return (flags & 1) != 0;
        }

        public String topic() {
            int len = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, len, StandardCharsets.UTF_8);
        }

        /** The packet id of a PUBLISH at QoS 1 or 2, or of an acknowledgement. */
        public int packetId() {
            int at = type == 3 ? 2 + topic().getBytes(StandardCharsets.UTF_8).length : 0;
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        public String payload() {
            int at = 2 + topic().getBytes(StandardCharsets.UTF_8).length + (qos() > 0 ? 2 : 0);
            return new String(body, at, body.length - at, StandardCharsets.UTF_8);
        }
    }

    /** The next packet from the server (one set aside by {@link #subscribe} first). */
    public Packet read() throws IOException {
        if (!unread.isEmpty()) {
            return unread.poll();
        }
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.readUnsignedByte();
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** Subscribes to one filter and returns the SUBACK's return code (0-2 granted, 0x80 refused). */
    public int subscribe(int packetId, String filter, int qos) throws IOException {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        int remaining = 2 + 2 + f.length + 1;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        out.write(packetId >> 8);
        out.write(packetId & 0xFF);
        out.write(f.length >> 8);
        out.write(f.length & 0xFF);
        out.write(f);
        out.write(qos);
        write(out.toByteArray());
        List<Packet> other = new ArrayList<>();
        while (true) {
            Packet p = read();
            if (p.type() == 9) {
                unread.addAll(other);
                return p.body()[2] & 0xFF;
            }
            other.add(p);
        }
    }

    /** Acknowledges a QoS 1 PUBLISH. */
    public void puback(int packetId) throws IOException {
        write(new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId});
    }

    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Whether the server closes this connection within {@code atMost} (reads and discards what it sends). */
    public boolean closedByServerWithin(Duration atMost) throws IOException {
        long deadline = System.nanoTime() + atMost.toNanos();
        socket.setSoTimeout(100);
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (socket.getInputStream().read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    /** One HTTP/1.1 request on this connection; returns the status line and headers (the body is not read). */
    public String httpHead(String method, String path, String authorization) throws IOException {
        String req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
        write(req.getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        InputStream in = socket.getInputStream();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    /** Closes with a TCP reset and no DISCONNECT: to a broker, the client vanished. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
