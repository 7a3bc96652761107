package id.dapur.edge.config;

import java.util.List;

/** The HTTP API, KDS pages, /health and /metrics. */
public record HttpConfig(String host, int port, List<ApiToken> tokens, int maxBodyBytes) {

    public HttpConfig {
        tokens = List.copyOf(tokens);
    }

    /** A bearer token and the role it grants (CONTRACT §4). */
    public record ApiToken(Secret token, Role role, String station, String name) {
        static ApiToken read(ConfigNode n) {
            Secret token = n.secret("token", 16);
            Role role = MqttConfig.readRole(n);
            String station = n.string("station", null);
            String name = n.string("name", role == null ? "token" : role.wireName() + (station == null ? "" : "-" + station));
            return token == null ? null : new ApiToken(token, role, station, name);
        }
    }

    static HttpConfig read(ConfigNode n) {
        String host = n.string("host", "0.0.0.0");
        int port = n.integer("port", 8080, 1, 65535);
        List<ApiToken> tokens = n.list("tokens", ApiToken::read);
        int maxBody = n.integer("maxBodyBytes", 262_144, 1024, 1_048_576);
        return new HttpConfig(host, port, tokens, maxBody);
    }
}
