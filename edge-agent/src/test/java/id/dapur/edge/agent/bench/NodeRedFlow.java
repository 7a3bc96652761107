package id.dapur.edge.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Mosquitto;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference the issue compares with: a Node-RED 4 flow on Mosquitto that routes an order to
 * its stations' ticket topics (MQTT in → JSON → function → MQTT out, QoS 1), storing nothing. Run
 * only when Node-RED is installed: {@code node-red} on the PATH or {@code -Dbench.nodeRed=/path/to/node-red}
 * ({@code npm install node-red@4}).
 */
final class NodeRedFlow {
    private NodeRedFlow() {}

    private static final String ROUTE = """
            const o = msg.payload; const by = {};
            for (const it of o.items) { const st = ({wok: 'wok', drinks: 'bar'})[it.category] || 'wok'; (by[st] = by[st] || []).push(it); }
            return [Object.keys(by).map(st => ({topic: 'dapur/jkt-01/kds/' + st + '/tickets',
                payload: JSON.stringify({orderId: o.orderId, station: st, table: o.table, items: by[st]})}))];
            """;

    static Optional<String> binary() {
        String configured = System.getProperty("bench.nodeRed");
        if (configured != null) {
            return Optional.of(configured);
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, "node-red"))) {
                return Optional.of(Path.of(d, "node-red").toString());
            }
        }
        return Optional.empty();
    }

    static Optional<JsonNode> reference(int n, int rate) throws Exception {
        Optional<String> bin = binary();
        if (bin.isEmpty()) {
            System.out.println(
                    "== Node-RED: not installed (npm install -g node-red@4, or -Dbench.nodeRed=...): reference row left out");
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory("dapur-nodered-");
        TestConfig config = TestConfig.external(dir, FreePorts.next());
        int uiPort = FreePorts.next();
        Path user = Files.createDirectories(dir.resolve("node-red"));
        Files.writeString(user.resolve("settings.js"), """
                module.exports = { uiPort: %d, uiHost: '127.0.0.1', credentialSecret: false, flowFile: 'flows.json',
                  logging: { console: { level: 'info', metrics: false, audit: false } } };
                """.formatted(uiPort));
        var mapper = new ObjectMapper();
        var flows = mapper.createArrayNode();
        flows.addObject()
                .put("id", "b1")
                .put("type", "mqtt-broker")
                .put("name", "mosquitto")
                .put("broker", "127.0.0.1")
                .put("port", Integer.toString(config.mqttPort()))
                .put("clientid", "nodered-ref")
                .put("autoConnect", true)
                .put("usetls", false)
                .put("protocolVersion", "4")
                .put("keepalive", "60")
                .put("cleansession", true);
        flows.addObject().put("id", "t1").put("type", "tab").put("label", "orders");
        var in = flows.addObject()
                .put("id", "in1")
                .put("type", "mqtt in")
                .put("z", "t1")
                .put("topic", TestConfig.ROOT + "/orders/in")
                .put("qos", "1")
                .put("datatype", "json")
                .put("broker", "b1")
                .put("inputs", 0);
        in.putArray("wires").addArray().add("fn1");
        var fn = flows.addObject()
                .put("id", "fn1")
                .put("type", "function")
                .put("z", "t1")
                .put("name", "route to stations")
                .put("func", ROUTE)
                .put("outputs", 1);
        fn.putArray("wires").addArray().add("out1");
        flows.addObject()
                .put("id", "out1")
                .put("type", "mqtt out")
                .put("z", "t1")
                .put("qos", "1")
                .put("retain", "false")
                .put("broker", "b1")
                .putArray("wires");
        Files.writeString(user.resolve("flows.json"), mapper.writeValueAsString(flows));
        var cred = mapper.createObjectNode();
        cred.putObject("b1").put("user", TestConfig.AGENT_USER).put("password", TestConfig.PASSWORD);
        Files.writeString(user.resolve("flows_cred.json"), mapper.writeValueAsString(cred));
        Path log = dir.resolve("node-red.log");
        try (Mosquitto mosquitto = Mosquitto.start(config.load(), dir.resolve("mosq"), config.mqttPort())) {
            Process p = new ProcessBuilder(
                            bin.get(),
                            "--userDir",
                            user.toString(),
                            "--settings",
                            user.resolve("settings.js").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("Connected to broker")) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Node-RED did not connect to Mosquitto: " + Files.readString(log));
                    }
                    Thread.sleep(50); // benchmark polling, not test synchronisation
                }
                System.out.println("== Node-RED " + version(log) + " on Mosquitto");
                return Optional.of(FloorBench.python(config, "ticket", n, rate));
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String version(Path log) throws IOException {
        return Files.readString(log)
                .lines()
                .filter(l -> l.contains("Node-RED version"))
                .map(l -> l.replaceAll(".*Node-RED version: ", ""))
                .findFirst()
                .orElse("?");
    }
}
