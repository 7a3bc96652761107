package id.dapur.edge.agent.messaging;

import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.MqttConfig.MqttAccount;
import id.dapur.edge.config.Secret;
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
 * agent's own H2 and on the POS resending until it sees ACCEPTED, CONTRACT §6). The agent logs in
 * with a random password made at each start.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    public static final String AGENT_USER = "dapur-agent";
    /** Larger than the 256 KiB payload limit, so an oversized order reaches the agent and is dead-lettered. */
    static final int MAX_MESSAGE_BYTES = 512 * 1024;

    private final Server server = new Server();
    private final Secret agentPassword;
    private final int port;

    private EmbeddedBroker(Secret agentPassword, int port) {
        this.agentPassword = agentPassword;
        this.port = port;
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
        p.setProperty(IConfig.HOST_PROPERTY_NAME, config.mqtt().embedded().host());
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(config.mqtt().embedded().port()));
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "0");
        // Moquette drops incoming QoS 1 publishes when a session loop's command queue (default 1024) is
        // full; 4096 absorbs a burst of ~4k orders (a few MB). Beyond that the POS resend covers it.
        p.setProperty(IConfig.SESSION_QUEUE_SIZE, "4096");

        IAuthenticator auth = (clientId, username, password) -> {
            Secret s = username == null ? null : passwords.get(username);
            boolean ok = s != null && password != null && s.matches(new String(password, StandardCharsets.UTF_8));
            if (!ok) {
                LOG.warn("MQTT login refused [client: {}, user: {}]", clientId, username);
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
        EmbeddedBroker broker = new EmbeddedBroker(agentPassword, config.mqtt().embedded().port());
        broker.server.startServer(new MemoryConfig(p), List.of(), null, auth, policy);
        LOG.info("embedded MQTT broker listening [port: {}, accounts: {}]", broker.port, config.mqtt().accounts().size());
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
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
