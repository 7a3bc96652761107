package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.broker.MqttFrames.Packet;
import id.dapur.edge.agent.messaging.broker.MqttFrames.ProtocolError;
import id.dapur.edge.agent.security.ConnectionGate;
import id.dapur.edge.agent.support.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client, from TCP accept to close, on the broker's context. Until a CONNECT passes
 * {@link ConnectCheck} nothing reaches the broker, and the client has {@code loginTimeout} to send
 * it. After that every packet is framed and decoded; PUBLISHes are checked (topic and retain
 * against the ACL, intake payloads for garbage, the client's message rate) before the broker routes
 * them. A client silent for one and a half times its keep-alive is closed and its Will published
 * (MQTT 3.1.1 section 3.1.2.10). Both directions honour back-pressure, so a slow reader or a fast
 * writer costs bounded memory.
 */
final class ClientConnection implements Broker.Link {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private enum State {
        AWAIT_CONNECT,
        OPEN,
        CLOSED
    }

    private final FrontDoor door;
    private final FrontDoor.Listener listener;
    private final NetSocket socket;
    private final String address;
    private final ConnectionGate.Place place;
    private final MqttFrames frames;
    private State state = State.AWAIT_CONNECT;
    private BrokerClient client;
    private ConnectCheck.Admit who;
    private long loginTimer;
    private long keepAliveTimer = -1;
    private long lastFromClient = System.nanoTime();
    private long lastToClient = System.nanoTime();
    private double tokens;
    private long lastRefill = System.nanoTime();
    private boolean rateLimited;
    private long heldBackTimer = -1; // while the agent catches up (Backlog): not reading from this client
    private final ArrayDeque<Long> strikes = new ArrayDeque<>();

    ClientConnection(
            FrontDoor door, FrontDoor.Listener listener, NetSocket socket, String address, ConnectionGate.Place place) {
        this.door = door;
        this.listener = listener;
        this.socket = socket;
        this.address = address;
        this.place = place;
        this.frames = new MqttFrames(FrontDoor.MAX_CONNECT_BYTES);
        this.tokens = door.burst();
    }

    void start() {
        loginTimer = door.vertx().setTimer(door.loginTimeoutMs(), t -> {
            if (state == State.AWAIT_CONNECT) {
                door.count("login_timeout");
                close("no CONNECT within the login timeout");
            }
        });
        socket.handler(this::fromClient);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
        socket.drainHandler(v -> {
            if (client != null) {
                client.writable();
            }
            resumeClient();
        });
    }

    // ---- Broker.Link

    @Override
    public void send(Buffer packet) {
        if (state != State.CLOSED) {
            lastToClient = System.nanoTime();
            socket.write(packet);
        }
    }

    @Override
    public boolean writable() {
        return state != State.CLOSED && !socket.writeQueueFull();
    }

    @Override
    public void close(String why) {
        if (why != null) {
            LOG.debug(
                    "MQTT connection closed [address: {}, client: {}, reason: {}]",
                    LogSafe.of(address),
                    LogSafe.of(who == null ? null : who.clientId()),
                    LogSafe.of(why));
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        cancelTimers();
        if (wasOpen && client != null) {
            client.disconnected(false);
        }
        socket.close();
    }

    // ---- from the client

    private void fromClient(Buffer data) {
        lastFromClient = System.nanoTime();
        try {
            frames.feed(data, this::packet);
        } catch (ProtocolError e) {
            door.count("protocol_error");
            close(e.getMessage());
        }
    }

    private void packet(Packet p) {
        switch (state) {
            case AWAIT_CONNECT -> connect(p);
            case OPEN -> {
                try {
                    open(p);
                } catch (ProtocolError e) {
                    door.count("protocol_error");
                    close(e.getMessage());
                }
            }
            default -> {}
        }
    }

    private void connect(Packet p) {
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
        ConnectCheck.Verdict v = listener.check().check(p.bytes());
        if (v instanceof ConnectCheck.Refuse r) {
            if (r.failedLogin()) {
                door.limiter().failed(address, "mqtt", r.who(), r.reason());
            } else {
                door.count("connect_refused");
                LOG.warn(
                        "MQTT CONNECT refused [address: {}, user: {}, reason: {}]",
                        LogSafe.of(address),
                        LogSafe.of(r.who()),
                        r.reason());
            }
            refuse(r.returnCode(), r.reason());
            return;
        }
        ConnectCheck.Admit a = (ConnectCheck.Admit) v;
        long penalty = door.penaltyFor(a.user(), address);
        if (penalty > 0) {
            refuse(
                    ConnectCheck.NOT_AUTHORIZED,
                    "disconnected for sending garbage; may connect again in " + penalty + " s");
            return;
        }
        who = a;
        door.vertx().cancelTimer(loginTimer);
        door.loggedIn(place);
        state = State.OPEN;
        frames.limit(door.maxPacketBytes());
        client = door.broker()
                .connect(this, a.clientId(), a.user(), a.cleanSession(), a.will())
                .client();
        if (a.keepAliveSeconds() > 0) {
            long graceNanos = Duration.ofSeconds(a.keepAliveSeconds()).toNanos() * 3 / 2;
            keepAliveTimer = door.vertx().setPeriodic(Math.max(250, a.keepAliveSeconds() * 250L), t -> {
                if (heldBackTimer < 0 && System.nanoTime() - lastFromClient > graceNanos) {
                    door.count("keepalive_expired");
                    close("nothing from the client within 1.5 times its keep-alive of " + a.keepAliveSeconds() + " s");
                }
            });
        }
    }

    private void refuse(int code, String reason) {
        state = State.CLOSED;
        cancelTimers();
        socket.write(MqttPackets.connack(false, code)).onComplete(x -> socket.close());
        LOG.debug("MQTT connection refused [address: {}, code: {}, reason: {}]", LogSafe.of(address), code, reason);
    }

    private void open(Packet p) throws ProtocolError {
        switch (p.type()) {
            case MqttFrames.PUBLISH -> {
                MqttPackets.Publish pub = MqttPackets.publish(p);
                if (admit(pub)) {
                    client.publish(pub);
                    holdBackWhileTheAgentIsBehind();
                }
            }
            case MqttFrames.PUBACK -> client.puback(MqttPackets.acknowledged(p));
            case MqttFrames.PUBREC -> client.pubrec(MqttPackets.acknowledged(p));
            case MqttFrames.PUBREL -> client.pubrel(MqttPackets.acknowledged(p));
            case MqttFrames.PUBCOMP -> client.pubcomp(MqttPackets.acknowledged(p));
            case MqttFrames.SUBSCRIBE -> client.subscribe(MqttPackets.subscribe(p));
            case MqttFrames.UNSUBSCRIBE -> client.unsubscribe(MqttPackets.unsubscribe(p));
            case MqttFrames.PINGREQ -> {
                MqttPackets.empty(p);
                send(MqttPackets.pingresp());
            }
            case MqttFrames.DISCONNECT -> {
                MqttPackets.empty(p);
                state = State.CLOSED;
                cancelTimers();
                client.disconnected(true);
                socket.close();
            }
            case MqttFrames.CONNECT -> {
                door.count("second_connect");
                close("a second CONNECT");
            }
            default -> throw new ProtocolError("a client may not send packet type " + p.type());
        }
    }

    private boolean admit(MqttPackets.Publish p) {
        if (!door.acl().canWrite(who.user(), p.topic())
                || p.retain() && !door.acl().canRetain(who.user(), p.topic())) {
            door.count("publish_denied");
            client.refused(
                    p.topic(),
                    p.retain() && door.acl().canWrite(who.user(), p.topic())
                            ? "the account may not retain messages on this topic"
                            : "the account may not publish on this topic");
            LOG.warn(
                    "MQTT publish denied; connection closed [address: {}, user: {}, topic: {}, retain: {}]",
                    LogSafe.of(address),
                    LogSafe.of(who.user()),
                    LogSafe.of(p.topic()),
                    p.retain());
            close(null);
            return false;
        }
        String garbage = door.garbage(p.topic(), p.payload());
        if (garbage != null && strike(garbage, p.topic())) {
            return false;
        }
        pace();
        return true;
    }

    /** Counts a garbage message; true (connection closed) once the client keeps sending it. */
    private boolean strike(String code, String topic) {
        long now = System.nanoTime();
        strikes.addLast(now);
        while (!strikes.isEmpty() && now - strikes.peekFirst() > FrontDoor.STRIKE_WINDOW.toNanos()) {
            strikes.removeFirst();
        }
        door.count("garbage");
        if (strikes.size() < FrontDoor.MAX_STRIKES) {
            return false;
        }
        door.penalise(who.user(), address);
        client.refused(
                topic,
                "the connection was closed after " + strikes.size() + " messages in "
                        + FrontDoor.STRIKE_WINDOW.toSeconds() + " s that cannot be valid (" + code
                        + "); the account may connect again in " + FrontDoor.PENALTY.toSeconds() + " s");
        LOG.warn(
                "MQTT client disconnected for sending garbage [address: {}, user: {}, client: {}, topic: {}, last: {}, "
                        + "strikes: {} in {} s, refused for: {} s]",
                LogSafe.of(address),
                LogSafe.of(who.user()),
                LogSafe.of(who.clientId()),
                LogSafe.of(topic),
                code,
                strikes.size(),
                FrontDoor.STRIKE_WINDOW.toSeconds(),
                FrontDoor.PENALTY.toSeconds());
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
            socket.pause();
            long waitMs = Math.max(1, (long) Math.ceil(-tokens * 1000 / door.messagesPerSecond()));
            door.vertx().setTimer(waitMs, t -> {
                rateLimited = false;
                resumeClient();
            });
        }
    }

    private void resumeClient() {
        if (state == State.OPEN && !rateLimited && heldBackTimer < 0) {
            socket.resume();
        }
    }

    static final long HELD_BACK_CHECK_MS = 5;

    /**
     * Once the agent's own queue in the broker is at its high-water mark ({@link Backlog}), stops reading
     * from this client until the agent has caught up: a flood waits at the door, and nothing it sent is
     * dropped. Its silence meanwhile is the broker's doing, so its keep-alive is not held against it.
     */
    private void holdBackWhileTheAgentIsBehind() {
        if (heldBackTimer >= 0 || !door.broker().backlog().behind()) {
            return;
        }
        door.heldBack();
        socket.pause();
        heldBackTimer = door.vertx().setPeriodic(HELD_BACK_CHECK_MS, t -> {
            if (state != State.OPEN || door.broker().backlog().caughtUp()) {
                door.vertx().cancelTimer(t);
                heldBackTimer = -1;
                lastFromClient = System.nanoTime();
                resumeClient();
            }
        });
    }

    /**
     * Completes when this client may be closed: once everything the broker routed to it has been
     * acknowledged (QoS 1 and 2) and nothing has been written to it for {@code quiet} (a client library
     * may drop what it has read but not handed over when the socket closes), or after {@code limit}.
     */
    Future<Void> drain(Duration quiet, Duration limit) {
        Promise<Void> done = Promise.promise();
        if (state != State.OPEN) {
            done.complete();
            return done.future();
        }
        long start = System.nanoTime();
        door.vertx().setPeriodic(Math.max(10, quiet.toMillis() / 5), id -> {
            long now = System.nanoTime();
            boolean finished = client.settled() && now - lastToClient >= quiet.toNanos();
            if (state != State.OPEN || finished || now - start >= limit.toNanos()) {
                if (state == State.OPEN && !client.settled()) {
                    LOG.warn(
                            "closing an MQTT client that has not acknowledged everything sent to it [address: {}, client: {}]",
                            LogSafe.of(address),
                            LogSafe.of(who.clientId()));
                }
                door.vertx().cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    private void cancelTimers() {
        door.vertx().cancelTimer(loginTimer);
        if (keepAliveTimer >= 0) {
            door.vertx().cancelTimer(keepAliveTimer);
        }
        if (heldBackTimer >= 0) {
            door.vertx().cancelTimer(heldBackTimer);
            heldBackTimer = -1;
        }
    }

    private void closed() {
        if (state != State.CLOSED) {
            close(null);
        }
        door.closed(this, place);
    }

    FrontDoor.Listener listener() {
        return listener;
    }
}
