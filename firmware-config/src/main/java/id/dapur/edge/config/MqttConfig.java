package id.dapur.edge.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The broker: embedded (default, with {@link MqttAccount accounts}) or external by {@code url}
 * (the agent then logs in as {@code username}/{@code password}).
 */
public record MqttConfig(
        EmbeddedBroker embedded,
        URI url,
        String username,
        Secret password,
        List<MqttAccount> accounts,
        Duration keepAlive) {

    /** Usernames and client ids that start with this are the agent's own; no account may use them. */
    public static final String RESERVED_PREFIX = "dapur-";

    public MqttConfig {
        accounts = List.copyOf(accounts);
    }

    public boolean isEmbedded() {
        return url == null;
    }

    /**
     * The broker this agent starts in its own process, behind the agent's front door: {@code port}
     * (plain, unless {@code plain: false}) and {@code tlsPort} (MQTT over TLS with the outlet's
     * certificate) are served by the front door, which checks every CONNECT and PUBLISH; the agent
     * itself is a session of the broker inside the process. {@code messagesPerSecond}/{@code burst}: what one client may
     * publish before the front door stops reading from it for a while (back-pressure, nothing dropped).
     */
    public record EmbeddedBroker(
            String host,
            int port,
            Integer tlsPort,
            boolean plain,
            ListenerLimits limits,
            int messagesPerSecond,
            int burst) {
        static EmbeddedBroker read(ConfigNode n) {
            String host = n.string("host", "0.0.0.0");
            int port = n.integer("port", 1883, 1, 65535);
            Integer tlsPort = n.has("tlsPort") ? n.integer("tlsPort", 8883, 1, 65535) : null;
            boolean plain = n.bool("plain", true);
            if (!plain && tlsPort == null) {
                n.problem("plain", "can be false only with a tlsPort (otherwise nobody could connect)");
            }
            if (tlsPort != null && tlsPort == port) {
                n.problem("tlsPort", "is the same port as mqtt.embedded.port (" + port + ")");
            }
            ListenerLimits limits = ListenerLimits.read(n, 256, 32, Duration.ofMinutes(15));
            int rate = n.integer("messagesPerSecond", 1000, 1, 100_000);
            int burst = n.integer("burst", 5000, 1, 1_000_000);
            return new EmbeddedBroker(host, port, tlsPort, plain, limits, rate, burst);
        }
    }

    /** An account on the embedded broker. */
    public record MqttAccount(String username, Secret password, Role role, String station) {
        static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        static MqttAccount read(ConfigNode n) {
            String username = n.matching("username", null, USER, "1-64 characters of A-Z, a-z, 0-9, '.', '_', '-'");
            Secret password = n.strongSecret("password", 12);
            Role role = readRole(n);
            if (role == Role.BOARD) {
                n.problem("role", "board is a role for the ready board's HTTP token, not for an MQTT account");
            }
            String station = n.string("station", null);
            return username == null ? null : new MqttAccount(username, password, role, station);
        }
    }

    static Role readRole(ConfigNode n) {
        String r = n.requiredString("role");
        Role role = Role.parse(r);
        if (r != null && role == null) {
            n.problem("role", "must be one of pos, kds, sensor, admin, board, got '" + r + "'");
        }
        return role;
    }

    static MqttConfig read(ConfigNode n) {
        boolean hasUrl = n.has("url");
        if (hasUrl && n.has("embedded")) {
            n.problem(null, "set either embedded or url, not both");
        }
        EmbeddedBroker embedded = n.object("embedded", EmbeddedBroker::read);
        URI url = null;
        String u = n.string("url", null);
        if (u != null) {
            try {
                url = new URI(u);
                if (!List.of("tcp", "ssl").contains(url.getScheme()) || url.getHost() == null) {
                    n.problem("url", "must look like tcp://host:1883 or ssl://host:8883, got '" + u + "'");
                }
            } catch (Exception e) {
                n.problem("url", "is not a URI: '" + u + "'");
            }
        }
        String username = n.string("username", null);
        Secret password = n.has("password") ? n.strongSecret("password", 12) : null;
        if (hasUrl && (username == null || password == null)) {
            n.problem(null, "an external broker needs username and password for the agent (no anonymous MQTT)");
        }
        List<MqttAccount> accounts = n.list("accounts", MqttAccount::read);
        if (!hasUrl && accounts.isEmpty()) {
            n.problem("accounts", "the embedded broker needs at least one account (no anonymous access)");
        }
        Duration keepAlive =
                n.duration("keepAlive", Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10));
        return new MqttConfig(embedded, url, username, password, accounts, keepAlive);
    }
}
