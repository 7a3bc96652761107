package id.dapur.edge.config;

import java.time.Duration;

/**
 * What one listener (MQTT or HTTP) gives anybody on the LAN before and after login, so that nobody
 * can exhaust the agent's memory or threads: connections in total and per address, how long a client
 * may take to log in (MQTT CONNECT, TLS handshake, HTTP request line), and how long a connection may
 * sit idle.
 */
public record ListenerLimits(
        int maxConnections, int maxConnectionsPerAddress, Duration loginTimeout, Duration idleTimeout) {

    static ListenerLimits read(ConfigNode n, int maxDefault, int perAddressDefault, Duration idleDefault) {
        int max = n.integer("maxConnections", maxDefault, 1, 10_000);
        int perAddress = n.integer("maxConnectionsPerAddress", perAddressDefault, 1, 10_000);
        if (perAddress > max) {
            n.problem("maxConnectionsPerAddress", "must not be more than maxConnections (" + max + ")");
        }
        Duration login =
                n.duration("loginTimeout", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2));
        Duration idle = n.duration("idleTimeout", idleDefault, Duration.ofSeconds(10), Duration.ofHours(1));
        return new ListenerLimits(max, perAddress, login, idle);
    }
}
