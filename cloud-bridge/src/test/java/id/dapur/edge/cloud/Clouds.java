package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import java.util.Map;

/** Cloud configurations for tests: the {@code cloud:} section of a minimal valid agent configuration. */
public final class Clouds {
    private Clouds() {}

    /** The local file (as YAML) of an outlet whose cloud section is {@code cloudYaml} (indented two spaces). */
    public static String localYaml(String outlet, String cloudYaml) {
        return """
                outlet: { id: %s, tenant: bedagang }
                mqtt:
                  embedded: { port: 1883 }
                  accounts: [ { username: pos-1, password: "pos-password-1", role: pos } ]
                http:
                  port: 8080
                  tokens: [ { token: "admin-token-123456", role: admin } ]
                storage: { dir: ./data }
                stations:
                  - { id: wok, name: Wok, categories: [wok] }
                cloud:
                %s
                """.formatted(outlet, cloudYaml);
    }

    public static CloudConfig cloud(String url, String extraYaml) throws Exception {
        return cloud("jkt-01", url, extraYaml);
    }

    /** The cloud section of outlet {@code outlet}'s minimal configuration. */
    public static CloudConfig cloud(String outlet, String url, String extraYaml) throws Exception {
        String yaml = localYaml(outlet, "  url: " + url + "\n" + extraYaml);
        DapurConfig c = new ConfigLoader(Map.of()).fromTree(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        return c.cloud().orElseThrow();
    }
}
