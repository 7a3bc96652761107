package id.dapur.edge.config;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP API, KDS pages, /health and /metrics: {@code port} (plain, unless {@code plain: false})
 * and {@code tlsPort} (HTTPS and WSS with the outlet's certificate); {@code maxScreens} caps the live
 * kitchen-screen WebSockets.
 */
public record HttpConfig(
        String host,
        int port,
        List<ApiToken> tokens,
        int maxBodyBytes,
        Integer tlsPort,
        boolean plain,
        ListenerLimits limits,
        int maxScreens) {

    public HttpConfig {
        tokens = List.copyOf(tokens);
    }

    /** A bearer token and the role it grants. */
    public record ApiToken(Secret token, Role role, String station, String name) {
        static ApiToken read(ConfigNode n) {
            Secret token = n.strongSecret("token", 16);
            Role role = MqttConfig.readRole(n);
            String station = n.string("station", null);
            String name =
                    n.string("name", role == null ? "token" : role.wireName() + (station == null ? "" : "-" + station));
            return token == null ? null : new ApiToken(token, role, station, name);
        }
    }

    static HttpConfig read(ConfigNode n) {
        String host = n.string("host", "0.0.0.0");
        int port = n.integer("port", 8080, 1, 65535);
        List<ApiToken> tokens = n.list("tokens", ApiToken::read);
        int maxBody = n.integer("maxBodyBytes", 262_144, 1024, 1_048_576);
        Integer tlsPort = n.has("tlsPort") ? n.integer("tlsPort", 8443, 1, 65535) : null;
        boolean plain = n.bool("plain", true);
        if (!plain && tlsPort == null) {
            n.problem("plain", "can be false only with a tlsPort (otherwise nobody could connect)");
        }
        if (tlsPort != null && tlsPort == port) {
            n.problem("tlsPort", "is the same port as http.port (" + port + ")");
        }
        ListenerLimits limits = ListenerLimits.read(n, 512, 64, Duration.ofMinutes(5));
        int maxScreens = n.integer("maxScreens", 64, 1, 1000);
        return new HttpConfig(host, port, tokens, maxBody, tlsPort, plain, limits, maxScreens);
    }
}
