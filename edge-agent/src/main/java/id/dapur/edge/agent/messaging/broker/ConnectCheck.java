package id.dapur.edge.agent.messaging.broker;

import id.dapur.edge.agent.messaging.MqttAcl;
import id.dapur.edge.config.Secret;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides on one CONNECT (decoded by Netty's MQTT codec) before the broker binds it to a session:
 * protocol 3.1/3.1.1, a known account with its password, a client id that account owns (so no
 * account can take over another's connection or resume its session), and a Will the account could
 * have published itself (topic and retain flag).
 */
final class ConnectCheck {
    static final int UNACCEPTABLE_PROTOCOL = 1;
    static final int IDENTIFIER_REJECTED = 2;
    static final int BAD_CREDENTIALS = 4;
    static final int NOT_AUTHORIZED = 5;

    /** What to do with a CONNECT. */
    sealed interface Verdict permits Admit, Refuse {}

    /** Bind it to a session; {@code keepAliveSeconds} as the client asked, {@code will} null without one. */
    record Admit(String user, String clientId, int keepAliveSeconds, boolean cleanSession, Message will)
            implements Verdict {}

    /**
     * Answer CONNACK {@code returnCode} and close. {@code failedLogin}: counts towards the address's
     * lock-out (a wrong password or unknown user; not a bad client id from a good login).
     */
    record Refuse(int returnCode, String reason, boolean failedLogin, String who) implements Verdict {}

    /** Persistent sessions one account may keep at the broker (each holds a queue while its client is away). */
    static final int MAX_PERSISTENT_SESSIONS = 16;
    /** How long the broker keeps a persistent session whose client is away. */
    static final Duration SESSION_EXPIRY = Broker.Limits.DEFAULT.sessionExpiry();

    private final Map<String, Secret> passwords;
    private final MqttAcl acl;
    private final int maxConnectBytes;
    private final Clock clock;
    /** Per account: its persistent client ids and when each last connected (bounded by MAX_PERSISTENT_SESSIONS). */
    private final Map<String, Map<String, Long>> persistent = new ConcurrentHashMap<>();

    ConnectCheck(Map<String, Secret> passwords, MqttAcl acl, int maxConnectBytes, Clock clock) {
        this.passwords = Map.copyOf(passwords);
        this.acl = acl;
        this.maxConnectBytes = maxConnectBytes;
        this.clock = clock;
    }

    Verdict check(Buffer connect) {
        MqttMessage m = decode(connect);
        if (m == null || m.decoderResult().isFailure() || !(m instanceof MqttConnectMessage c)) {
            String why =
                    m == null ? "incomplete" : String.valueOf(m.decoderResult().cause());
            return new Refuse(UNACCEPTABLE_PROTOCOL, "malformed CONNECT: " + why, false, null);
        }
        MqttConnectVariableHeader h = c.variableHeader();
        MqttConnectPayload p = c.payload();
        String user = h.hasUserName() ? p.userName() : null;
        if (h.version() != 3 && h.version() != 4) {
            return new Refuse(
                    UNACCEPTABLE_PROTOCOL,
                    "MQTT protocol level " + h.version() + " (3.1 and 3.1.1 are served)",
                    false,
                    user);
        }
        Secret expected = user == null ? null : passwords.get(user);
        byte[] pw = h.hasPassword() ? p.passwordInBytes() : null;
        if (expected == null || pw == null || !expected.matches(new String(pw, StandardCharsets.UTF_8))) {
            return new Refuse(
                    BAD_CREDENTIALS,
                    user == null
                            ? "no username (anonymous MQTT is off)"
                            : expected == null ? "unknown user" : "wrong password",
                    true,
                    user);
        }
        String clientId = p.clientIdentifier() == null ? "" : p.clientIdentifier();
        boolean owned = acl.owns(user, clientId);
        if (clientId.isEmpty() ? !h.isCleanSession() : !owned) {
            return new Refuse(
                    IDENTIFIER_REJECTED,
                    clientId.isEmpty()
                            ? "an empty client id needs a clean session"
                            : "client id is not one of this account's (use '" + user + "' or '" + user
                                    + "-<anything>')",
                    false,
                    user);
        }
        if (h.isWillFlag()) {
            if (h.willQos() > 2) {
                return new Refuse(UNACCEPTABLE_PROTOCOL, "malformed CONNECT: Will QoS " + h.willQos(), false, user);
            }
            String willTopic = p.willTopic();
            if (willTopic == null
                    || willTopic.contains("+")
                    || willTopic.contains("#")
                    || !acl.canWrite(user, willTopic)) {
                return new Refuse(NOT_AUTHORIZED, "this account may not publish its Will on that topic", false, user);
            }
            if (h.isWillRetain() && !acl.canRetain(user, willTopic)) {
                return new Refuse(
                        NOT_AUTHORIZED, "this account may not leave a retained Will on that topic", false, user);
            }
        }
        if (!h.isCleanSession() && !keepSession(user, clientId)) {
            return new Refuse(
                    IDENTIFIER_REJECTED,
                    "this account already keeps " + MAX_PERSISTENT_SESSIONS
                            + " persistent sessions; reuse one of their client ids or connect with a clean session",
                    false,
                    user);
        }
        Message will = h.isWillFlag()
                ? Message.of(
                        p.willTopic(),
                        p.willMessageInBytes() == null ? new byte[0] : p.willMessageInBytes(),
                        h.willQos(),
                        h.isWillRetain())
                : null;
        return new Admit(user, clientId, h.keepAliveTimeSeconds(), h.isCleanSession(), will);
    }

    /**
     * Records a persistent session for {@code user}, unless it would be one more than it may keep: each
     * costs broker memory for as long as its client is away, so an account (a sensor's password read
     * out of its flash) must not be able to open thousands under fresh ids.
     */
    private boolean keepSession(String user, String clientId) {
        long now = clock.millis();
        Map<String, Long> ids = persistent.computeIfAbsent(user, u -> new LinkedHashMap<>());
        synchronized (ids) {
            ids.values().removeIf(seen -> seen < now - SESSION_EXPIRY.toMillis());
            if (!ids.containsKey(clientId) && ids.size() >= MAX_PERSISTENT_SESSIONS) {
                return false;
            }
            ids.put(clientId, now);
            return true;
        }
    }

    private MqttMessage decode(Buffer connect) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttDecoder(maxConnectBytes));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(connect.getBytes()));
            return ch.readInbound();
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
