package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MqttConfig.MqttAccount;
import id.dapur.edge.config.Secret;
import id.dapur.edge.agent.security.LogSafe;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moquette in the agent's process, the zero-setup default: accounts and role ACLs from the
 * configuration, no anonymous access, no telemetry, no broker persistence (durability rests on the
 * agent's own H2 and on the POS resending until it sees ACCEPTED, CONTRACT §6). It listens on
 * loopback only, on a port of the system's choosing: LAN clients come through the
 * {@link id.dapur.edge.agent.messaging.front.MqttFrontDoor front door}, which enforces what Moquette
 * does not (Will ACL, client ids, login limits); its own authenticator and authorizer stay as a
 * second line. The agent logs in directly with a random password made at each start.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    public static final String AGENT_USER = "dapur-agent";
    /** Larger than the 256 KiB payload limit, so an oversized order reaches the agent and is dead-lettered. */
    public static final int MAX_MESSAGE_BYTES = 512 * 1024;

    private final Server server = new Server();
    private final Secret agentPassword;
    private final Map<String, Secret> passwords;
    private int port;

    private EmbeddedBroker(Secret agentPassword, Map<String, Secret> passwords) {
        this.agentPassword = agentPassword;
        this.passwords = passwords;
    }

    /** Starts the broker; blocking (binds the port), call from a worker. */
    public static EmbeddedBroker start(DapurConfig config) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Secret agentPassword = new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        Map<String, Secret> passwords = new HashMap<>();
        for (MqttAccount a : config.mqtt().accounts()) {
            passwords.put(a.username(), a.password());
        }
        passwords.put(AGENT_USER, agentPassword);
        MqttAcl acl = new MqttAcl(config, AGENT_USER);

        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        int internalPort = freeLoopbackPort();
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(internalPort));
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "0");
        // Moquette drops incoming QoS 1 publishes when a session loop's command queue (default 1024) is
        // full; 4096 absorbs a burst of ~4k orders (a few MB). Beyond that the POS resend covers it.
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, "4096");
        // a persistent session whose client stays away is dropped after a day, with what was queued for it
        // (the front door keeps each account to 16 of them: ConnectCheck)
        p.setProperty(IConfig.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, "24h");

        IAuthenticator auth = (clientId, username, password) -> {
            Secret s = username == null ? null : passwords.get(username);
            boolean ok = s != null && password != null && s.matches(new String(password, StandardCharsets.UTF_8));
            if (!ok) { // the front door has logged it already; this is a local client on loopback
                LOG.debug("MQTT login refused at the broker [client: {}, user: {}]", LogSafe.of(clientId), LogSafe.of(username));
            }
            return ok;
        };
        IAuthorizatorPolicy policy = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                return acl.canWrite(user, topic.toString());
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return acl.canRead(user, topic.toString());
            }
        };
        EmbeddedBroker broker = new EmbeddedBroker(agentPassword, Map.copyOf(passwords));
        broker.server.startServer(new MemoryConfig(p), List.of(), null, auth, policy);
        broker.port = internalPort;
        LOG.info("embedded MQTT broker listening on loopback [port: {}, accounts: {}]", broker.port, config.mqtt().accounts().size());
        return broker;
    }

    /** A port free on loopback now (Moquette reports the port it bound only asynchronously, so it is chosen here). */
    private static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The port on 127.0.0.1 the broker really listens on (behind the front door). */
    public int port() {
        return port;
    }

    /** Every account's password (the agent's own included), for the front door's login check. */
    public Map<String, Secret> passwords() {
        return passwords;
    }

    public Secret agentPassword() {
        return agentPassword;
    }

    @Override
    public void close() {
        server.stopServer();
        LOG.info("embedded MQTT broker stopped [port: {}]", port);
    }
}
