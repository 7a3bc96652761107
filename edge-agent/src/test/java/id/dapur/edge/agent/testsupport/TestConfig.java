package id.dapur.edge.agent.testsupport;

import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The outlet every integration test runs: stations wok, bar and expo; one account and token per
 * role. {@code brokerUrl} null means the embedded broker on {@code mqttPort}.
 */
public record TestConfig(Path dir, int httpPort, int mqttPort, String brokerUrl) {
    public static final String OUTLET = "jkt-01";
    public static final String ROOT = "dapur/" + OUTLET;
    public static final String ADMIN_TOKEN = "admin-token-0123456789";
    public static final String POS_TOKEN = "pos-token-0123456789ab";
    public static final String WOK_TOKEN = "wok-token-0123456789ab";
    public static final String BAR_TOKEN = "bar-token-0123456789ab";
    public static final String EXPO_TOKEN = "expo-token-0123456789a";
    public static final String SENSOR_TOKEN = "sensor-token-01234567";
    public static final String BOARD_TOKEN = "board-token-0123456789";
    public static final String PASSWORD = "s3cret-pass-42";
    public static final String AGENT_USER = "dapur-agent-jkt-01";

    public static TestConfig embedded(Path dir) {
        return new TestConfig(dir, FreePorts.next(), FreePorts.next(), null);
    }

    public static TestConfig external(Path dir, int brokerPort) {
        return new TestConfig(dir, FreePorts.next(), brokerPort, "tcp://127.0.0.1:" + brokerPort);
    }

    public String yaml() {
        String broker = brokerUrl == null
                ? "  embedded: { port: %d, host: 127.0.0.1 }\n".formatted(mqttPort)
                : "  url: %s\n  username: %s\n  password: \"%s\"\n".formatted(brokerUrl, AGENT_USER, PASSWORD);
        return """
                outlet: { id: %s, tenant: bedagang }
                mqtt:
                %s  accounts:
                    - { username: pos-1, password: "%s", role: pos }
                    - { username: kds-wok, password: "%s", role: kds, station: wok }
                    - { username: kds-bar, password: "%s", role: kds, station: bar }
                    - { username: kds-expo, password: "%s", role: kds, station: expo }
                    - { username: sensor-1, password: "%s", role: sensor }
                    - { username: ops, password: "%s", role: admin }
                http:
                  host: 127.0.0.1
                  port: %d
                  tokens:
                    - { token: "%s", role: admin }
                    - { token: "%s", role: pos }
                    - { token: "%s", role: kds, station: wok }
                    - { token: "%s", role: sensor }
                    - { token: "%s", role: kds, station: bar }
                    - { token: "%s", role: kds, station: expo }
                    - { token: "%s", role: board }
                storage: { dir: "%s" }
                kitchen: { printWhenScreensDownAfter: 0s, shownWithin: 1h }
                stations:
                  - { id: wok, name: Wok, categories: [wok, rice] }
                  - { id: bar, name: Drinks, categories: [drinks] }
                  - { id: expo, name: Expo, expo: true }
                defaultStation: wok
                """.formatted(
                        OUTLET,
                        broker.stripTrailing() + "\n",
                        PASSWORD,
                        PASSWORD,
                        PASSWORD,
                        PASSWORD,
                        PASSWORD,
                        PASSWORD,
                        httpPort,
                        ADMIN_TOKEN,
                        POS_TOKEN,
                        WOK_TOKEN,
                        SENSOR_TOKEN,
                        BAR_TOKEN,
                        EXPO_TOKEN,
                        BOARD_TOKEN,
                        dir.resolve("data").toAbsolutePath());
    }

    public Path write() throws IOException {
        return write("");
    }

    /** The test outlet plus more top-level YAML (printers, printing, ...). */
    public Path write(String extraYaml) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, yaml() + extraYaml);
        return f;
    }

    public DapurConfig load() throws Exception {
        return load("");
    }

    /** The test outlet with its YAML edited first (e.g. to set keys inside {@code mqtt.embedded}). */
    public DapurConfig loadEdited(UnaryOperator<String> edit) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, edit.apply(yaml()));
        return new ConfigLoader(Map.of()).load(f);
    }

    /** An edit for {@link #loadEdited}: more MQTT accounts (YAML list items indented four spaces). */
    public static UnaryOperator<String> withAccounts(String accounts) {
        return yaml -> yaml.replace("  accounts:\n", "  accounts:\n" + accounts);
    }

    public DapurConfig load(String extraYaml) throws Exception {
        return new ConfigLoader(Map.of()).load(write(extraYaml));
    }

    /** A {@code cloud:} section for the fake cloud at {@code url}, with short timings for tests. */
    public static String cloudYaml(String url, String provisioningCode) {
        return """
                cloud:
                  url: %s
                  provisioningCode: "%s"
                  heartbeatInterval: 1s
                  commandWait: 1s
                  requestTimeout: 2s
                  unreachableAlertAfter: 1s
                  batch: { maxEvents: 200, maxAge: 100ms }
                  retry: { initial: 50ms, max: 400ms, breakerFailures: 3, breakerOpenFor: 300ms }
                """.formatted(url, provisioningCode);
    }

    public String mqttUrl() {
        return brokerUrl != null ? brokerUrl : "tcp://127.0.0.1:" + mqttPort;
    }

    public String http() {
        return "http://127.0.0.1:" + httpPort;
    }
}
