package id.dapur.edge.agent.messaging.front;

import id.dapur.edge.agent.security.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the front door, from TCP accept to close, on the front door's event loop. Until a
 * CONNECT passes {@link ConnectCheck} nothing reaches the broker, and the client has
 * {@code loginTimeout} to send it. After that every packet is framed and PUBLISHes are checked
 * (topic and retain against the ACL, intake payloads for garbage, the client's message rate) before
 * they are forwarded; the broker's answers are piped back as they come. Both directions honour
 * back-pressure, so a slow reader or a fast writer costs bounded memory.
 */
final class FrontConnection {
    private static final Logger LOG = LoggerFactory.getLogger(FrontConnection.class);

    private enum State { AWAIT_CONNECT, CONNECTING, OPEN, CLOSED }

    private final MqttFrontDoor door;
    private final NetSocket client;
    private final String address;
    private final String listener;
    private final id.dapur.edge.agent.security.ConnectionGate.Place place;
    private final MqttFrames frames;
    private State state = State.AWAIT_CONNECT;
    private NetSocket broker;
    private ConnectCheck.Admit who;
    private long loginTimer;
    private double tokens;
    private long lastRefill = System.nanoTime();
    private long lastFromBroker = System.nanoTime();
    /** The client subscribed to the agent's status topic: it must hear the agent's OFFLINE before it is closed. */
    private boolean hearsStatus;
    /** Set once the agent is about to say OFFLINE: from then on the broker's bytes are watched for it. */
    private byte[] watchFor;
    private byte[] tail = new byte[0];
    private boolean heardStatus;
    private long heardAt;
    /** The client acknowledged a message after it was passed the OFFLINE: it has taken it in. */
    private boolean ackedStatus;
    private boolean rateLimited;
    private final java.util.ArrayDeque<Long> strikes = new java.util.ArrayDeque<>();

    FrontConnection(MqttFrontDoor door, NetSocket client, String address, String listener,
                    id.dapur.edge.agent.security.ConnectionGate.Place place) {
        this.place = place;
        this.door = door;
        this.client = client;
        this.address = address;
        this.listener = listener;
        this.frames = new MqttFrames(MqttFrontDoor.MAX_CONNECT_BYTES);
        this.tokens = door.burst();
    }

    void start() {
        loginTimer = door.vertx().setTimer(door.loginTimeoutMs(), t -> {
            if (state == State.AWAIT_CONNECT || state == State.CONNECTING) {
                door.count("login_timeout");
                close("no CONNECT within the login timeout");
            }
        });
        client.handler(this::fromClient);
        client.closeHandler(v -> closed());
        client.exceptionHandler(e -> close("client error: " + e.getMessage()));
    }

    private void fromClient(Buffer data) {
        try {
            frames.feed(data, this::packet);
        } catch (MqttFrames.ProtocolError e) {
            door.count("protocol_error");
            close(e.getMessage());
        }
    }

    private void packet(MqttFrames.Packet p) {
        if (state == State.CLOSED) {
            return;
        }
        switch (state) {
            case AWAIT_CONNECT -> connect(p);
            case OPEN -> forward(p);
            default -> close("packet while connecting to the broker");
        }
    }

    private void connect(MqttFrames.Packet p) {
        if (p.type() != MqttFrames.CONNECT) {
            door.count("packet_before_connect");
            close("packet type " + p.type() + " before CONNECT");
            return;
        }
        long locked = door.limiter().lockedFor(address, "mqtt");
        if (locked > 0) {
            refuse(ConnectCheck.NOT_AUTHORIZED, "address locked out for " + locked + " s after failed logins");
            return;
        }
        ConnectCheck.Verdict v = door.check().check(p.bytes());
        if (v instanceof ConnectCheck.Refuse r) {
            if (r.failedLogin()) {
                door.limiter().failed(address, "mqtt", r.who(), r.reason());
            } else {
                door.count("connect_refused");
                LOG.warn("MQTT CONNECT refused [address: {}, user: {}, reason: {}]", LogSafe.of(address), LogSafe.of(r.who()), r.reason());
            }
            refuse(r.returnCode(), r.reason());
            return;
        }
        ConnectCheck.Admit a = (ConnectCheck.Admit) v;
        long penalty = door.penaltyFor(a.user(), address);
        if (penalty > 0) {
            refuse(ConnectCheck.NOT_AUTHORIZED, "disconnected for sending garbage; may connect again in " + penalty + " s");
            return;
        }
        who = a;
        state = State.CONNECTING;
        client.pause();
        door.connectBroker().onComplete(ar -> {
            if (state == State.CLOSED) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                door.count("broker_unreachable");
                close("broker unreachable: " + ar.cause().getMessage());
                return;
            }
            broker = ar.result();
            broker.handler(b -> {
                lastFromBroker = System.nanoTime();
                if (watchFor != null && !heardStatus && sees(b)) {
                    heardStatus = true;
                    heardAt = System.nanoTime();
                }
                client.write(b);
                if (client.writeQueueFull()) {
                    broker.pause();
                    client.drainHandler(x -> broker.resume());
                }
            });
            broker.closeHandler(x -> close(null));
            broker.exceptionHandler(e -> close("broker error: " + e.getMessage()));
            door.vertx().cancelTimer(loginTimer);
            door.loggedIn(place);
            state = State.OPEN;
            frames.limit(door.maxPacketBytes());
            broker.write(p.bytes());
            client.resume();
        });
    }

    private void refuse(int code, String reason) {
        state = State.CLOSED;
        client.write(MqttFrames.connack(code)).onComplete(x -> client.close());
        LOG.debug("MQTT connection refused [address: {}, code: {}, reason: {}]", LogSafe.of(address), code, reason);
    }

    private void forward(MqttFrames.Packet p) {
        if (p.type() == MqttFrames.CONNECT) {
            door.count("second_connect");
            close("a second CONNECT");
            return;
        }
        if (p.type() == MqttFrames.PUBLISH && !admitPublish(p)) {
            return;
        }
        if (p.type() == MqttFrames.PUBACK && heardStatus) {
            ackedStatus = true;
        }
        if (p.type() == MqttFrames.SUBSCRIBE && !hearsStatus) {
            try {
                hearsStatus = MqttFrames.filters(p).stream().anyMatch(f -> id.dapur.edge.agent.messaging.MqttAcl.matches(f, door.statusTopic())
                        || f.equals(door.statusTopic()));
            } catch (MqttFrames.ProtocolError e) {
                door.count("protocol_error");
                close(e.getMessage());
                return;
            }
        }
        broker.write(p.bytes());
        if (broker.writeQueueFull()) {
            client.pause();
            broker.drainHandler(x -> resumeClient());
        }
    }

    private boolean admitPublish(MqttFrames.Packet p) {
        String topic;
        try {
            topic = MqttFrames.topic(p);
        } catch (MqttFrames.ProtocolError e) {
            door.count("protocol_error");
            close(e.getMessage());
            return false;
        }
        boolean retain = (p.flags() & 1) != 0;
        if (!door.acl().canWrite(who.user(), topic) || retain && !door.acl().canRetain(who.user(), topic)) {
            door.count("publish_denied");
            LOG.warn("MQTT publish denied; connection closed [address: {}, user: {}, topic: {}, retain: {}]",
                    LogSafe.of(address), LogSafe.of(who.user()), LogSafe.of(topic), retain);
            close(null);
            return false;
        }
        String garbage = door.garbage(topic, MqttFrames.payload(p, topic));
        if (garbage != null && strike(garbage, topic)) {
            return false;
        }
        pace();
        return true;
    }

    /** Counts a garbage message; true (connection closed) once the client keeps sending it. */
    private boolean strike(String code, String topic) {
        long now = System.nanoTime();
        strikes.addLast(now);
        while (!strikes.isEmpty() && now - strikes.peekFirst() > MqttFrontDoor.STRIKE_WINDOW.toNanos()) {
            strikes.removeFirst();
        }
        door.count("garbage");
        if (strikes.size() < MqttFrontDoor.MAX_STRIKES) {
            return false;
        }
        door.penalise(who.user(), address);
        LOG.warn("MQTT client disconnected for sending garbage [address: {}, user: {}, client: {}, topic: {}, last: {}, "
                        + "strikes: {} in {} s, refused for: {} s]", LogSafe.of(address), LogSafe.of(who.user()),
                LogSafe.of(who.clientId()), LogSafe.of(topic), code, strikes.size(), MqttFrontDoor.STRIKE_WINDOW.toSeconds(),
                MqttFrontDoor.PENALTY.toSeconds());
        close(null);
        return true;
    }

    /** A token bucket per client: past its burst, stop reading until the rate allows one more message. */
    private void pace() {
        long now = System.nanoTime();
        tokens = Math.min(door.burst(), tokens + (now - lastRefill) / 1e9 * door.messagesPerSecond());
        lastRefill = now;
        tokens -= 1;
        if (tokens < 0 && !rateLimited) {
            rateLimited = true;
            door.count("rate_limited");
            client.pause();
            long waitMs = Math.max(1, (long) Math.ceil(-tokens * 1000 / door.messagesPerSecond()));
            door.vertx().setTimer(waitMs, t -> {
                rateLimited = false;
                resumeClient();
            });
        }
    }

    private void resumeClient() {
        if (state == State.OPEN && !rateLimited && (broker == null || !broker.writeQueueFull())) {
            client.resume();
        }
    }

    /** The agent is about to say OFFLINE: watch what the broker sends this client for it. */
    void lastWordsComing() {
        watchFor = door.statusTopic().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the status topic is in these bytes (or straddles the previous ones). */
    private boolean sees(Buffer b) {
        byte[] now = b.getBytes();
        byte[] hay = new byte[tail.length + now.length];
        System.arraycopy(tail, 0, hay, 0, tail.length);
        System.arraycopy(now, 0, hay, tail.length, now.length);
        outer:
        for (int i = 0; i + watchFor.length <= hay.length; i++) {
            for (int j = 0; j < watchFor.length; j++) {
                if (hay[i + j] != watchFor[j]) {
                    continue outer;
                }
            }
            return true;
        }
        int keep = Math.min(hay.length, watchFor.length - 1);
        tail = java.util.Arrays.copyOfRange(hay, hay.length - keep, hay.length);
        return false;
    }

    /**
     * Completes when this client may be closed: a client subscribed to the agent's status once the
     * broker has passed it the agent's OFFLINE (or after {@code limit}); any other once the broker
     * has sent it nothing for {@code quiet} (or after {@code limit}). The client is still read (its
     * PUBACK says it took the message in).
     */
    Future<Void> drain(Duration quiet, Duration limit) {
        Promise<Void> done = Promise.promise();
        if (state != State.OPEN || broker == null) {
            done.complete();
            return done.future();
        }
        long start = System.nanoTime();
        lastFromBroker = Math.max(lastFromBroker, start);
        door.vertx().setPeriodic(Math.max(10, quiet.toMillis() / 5), id -> {
            long now = System.nanoTime();
            // passed is not taken in: a client library may drop what it has read but not yet handed
            // over when the socket closes (Paho does), so wait for its PUBACK (QoS 1), or a quiet spell
            boolean finished = hearsStatus && watchFor != null
                    ? ackedStatus || heardStatus && now - heardAt >= quiet.toNanos()
                    : now - lastFromBroker >= quiet.toNanos();
            if (state != State.OPEN || broker == null || finished || now - start >= limit.toNanos()) {
                if (hearsStatus && !heardStatus && state == State.OPEN) {
                    LOG.warn("closing an MQTT client that has not been passed the agent's OFFLINE [address: {}]", LogSafe.of(address));
                }
                door.vertx().cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    void close(String why) {
        if (state == State.CLOSED && broker == null) {
            client.close();
            return;
        }
        if (why != null) {
            LOG.debug("MQTT front connection closed [address: {}, reason: {}]", LogSafe.of(address), LogSafe.of(why));
        }
        state = State.CLOSED;
        client.close();
        if (broker != null) {
            NetSocket b = broker;
            broker = null;
            b.close();
        }
    }

    private void closed() {
        door.vertx().cancelTimer(loginTimer);
        if (state != State.CLOSED || broker != null) {
            close(null);
        }
        door.closed(this, place);
    }

    String listener() {
        return listener;
    }
}
