package id.dapur.edge.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.agent.testsupport.AgentProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dapur-edge sandbox} from the packaged jar, with the runnable examples in {@code examples/}
 * (Python with paho-mqtt, JavaScript with mqtt.js, Java with Paho) as the POS, over MQTT and HTTP,
 * plain and TLS, through every fault: each must pass the conformance report. A careless POS (a new id
 * when no answer comes, QoS 0, no subscription, an invalid order) must fail it, each problem named.
 * And bad input to the sandbox gets a clear message and exit 2.
 */
class SandboxIT {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A sandbox run to its end: the access it printed, then (after {@link #finish}) its exit code and report. */
    final class Run implements AutoCloseable {
        final AgentProcess process;
        final Path log;
        final Path report;
        final Map<String, String> env = new HashMap<>();
        int mqtt;
        int mqtts;
        int http;
        int https;

        Run(String name, String... extra) throws Exception {
            log = dir.resolve(name + ".log");
            report = dir.resolve(name + ".json");
            List<String> args = new ArrayList<>(List.of(
                    "sandbox",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--tls-port",
                    "0",
                    "--mqtt-port",
                    "0",
                    "--mqtt-tls-port",
                    "0",
                    "--data",
                    dir.resolve(name).toString(),
                    "--report",
                    report.toString()));
            args.addAll(List.of(extra));
            process = AgentProcess.start(log, args.toArray(String[]::new));
            Awaitility.await("the sandbox's banner")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the sandbox ended: " + process.output());
                        }
                        return process.output().contains("export DAPUR_HOST=");
                    });
            String out = process.output();
            Matcher m = Pattern.compile("export (.+) \\\\\n(.+)").matcher(out);
            assertThat(m.find()).isTrue();
            for (String kv : (m.group(1).trim() + " " + m.group(2).trim()).split(" ")) {
                String[] p = kv.split("=", 2);
                env.put(p[0], p[1]);
            }
            mqtt = port(out, "tcp://127.0.0.1:(\\d+)");
            mqtts = port(out, "ssl://127.0.0.1:(\\d+)");
            http = port(out, "POST http://127.0.0.1:(\\d+)");
            https = port(out, "https://127.0.0.1:(\\d+)");
        }

        /** Waits for the sandbox to end by itself; returns its exit code. */
        int finish() throws InterruptedException {
            Awaitility.await("the sandbox's end")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive());
            return process.terminate();
        }

        JsonNode report() throws IOException {
            return JSON.readTree(report.toFile());
        }

        String status(String check) throws IOException {
            for (JsonNode c : report().path("checks")) {
                if (c.path("name").asText().equals(check)) {
                    return c.path("status").asText();
                }
            }
            throw new AssertionError("no check " + check + " in " + report());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    static int port(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(regex + " in the banner").isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String run(Path log, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    static String python() {
        return Tools.python();
    }

    /** The four faults, each on every second new order: eight orders meet all of them. */
    static final String[] EVERY_FAULT = {"--faults", "all", "--fault-every", "2", "--orders", "8"};

    void assertPassed(Run r, String examples) throws Exception {
        int exit = r.finish();
        assertThat(examples).contains("8 of 8 orders stored");
        assertThat(exit).as(r.process.output()).isZero();
        assertThat(r.report().path("verdict").asText()).isEqualTo("PASS");
        for (String f : List.of("withhold", "unavailable", "drop", "restart")) {
            assertThat(r.status("survives-" + f)).as(f).isEqualTo("PASS");
        }
        assertThat(r.report().path("counts").path("orders").asInt()).isEqualTo(8);
        assertThat(r.report().path("counts").path("restarts").asInt()).isEqualTo(1);
        assertThat(r.process.output()).contains("POS conformance report: PASS");
    }

    @Test
    void thePythonExampleOverMqttSurvivesEveryFault() throws Exception {
        try (Run r = new Run("py-mqtt", EVERY_FAULT)) {
            String out = run(
                    dir.resolve("py-mqtt.out"),
                    Map.of(),
                    python(),
                    EXAMPLES.resolve("python/pos.py").toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.mqtt,
                    "--password",
                    r.env.get("POS_PASSWORD"),
                    "--orders",
                    "8");
            assertPassed(r, out);
            assertThat(r.status("mqtt-qos")).isEqualTo("PASS");
            assertThat(r.status("mqtt-listens")).isEqualTo("PASS");
        }
    }

    @Test
    void thePythonExampleOverHttpsSurvivesEveryFault() throws Exception {
        try (Run r = new Run("py-https", EVERY_FAULT)) {
            String out = run(
                    dir.resolve("py-https.out"),
                    Map.of(),
                    python(),
                    EXAMPLES.resolve("python/pos.py").toString(),
                    "--http",
                    "--tls",
                    "--ca",
                    r.env.get("DAPUR_CA"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.https,
                    "--token",
                    r.env.get("POS_TOKEN"),
                    "--orders",
                    "8");
            assertPassed(r, out);
            assertThat(r.status("mqtt-qos"))
                    .as("an HTTP POS is not judged on MQTT")
                    .isEqualTo("NOT_TESTED");
        }
    }

    @Test
    void theJavaScriptExampleOverMqttTlsSurvivesEveryFault() throws Exception {
        Path js = Tools.npmInstalled(EXAMPLES.resolve("js"), dir.resolve("npm.log"));
        try (Run r = new Run("js-mqtts", EVERY_FAULT)) {
            String out = run(
                    dir.resolve("js.out"),
                    Map.of(),
                    Tools.node(),
                    js.resolve("pos.mjs").toString(),
                    "--tls",
                    "--ca",
                    r.env.get("DAPUR_CA"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.mqtts,
                    "--password",
                    r.env.get("POS_PASSWORD"),
                    "--orders",
                    "8");
            assertPassed(r, out);
        }
    }

    @Test
    void theJavaExampleOverHttpSurvivesEveryFault() throws Exception {
        String paho = Path.of(org.eclipse.paho.client.mqttv3.MqttClient.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (Run r = new Run("java-http", EVERY_FAULT)) {
            String out = run(
                    dir.resolve("java.out"),
                    Map.of(),
                    java,
                    "-cp",
                    paho,
                    EXAMPLES.resolve("java/Pos.java").toString(),
                    "--http",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.http,
                    "--token",
                    r.env.get("POS_TOKEN"),
                    "--orders",
                    "8");
            assertPassed(r, out);
        }
        try (Run r = new Run("java-mqtt", EVERY_FAULT)) {
            String out = run(
                    dir.resolve("java-mqtt.out"),
                    Map.of(),
                    java,
                    "-cp",
                    paho,
                    EXAMPLES.resolve("java/Pos.java").toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.mqtt,
                    "--password",
                    r.env.get("POS_PASSWORD"),
                    "--orders",
                    "8");
            assertPassed(r, out);
        }
    }

    @Test
    void aCarelessPosFailsTheReportWithEachProblemNamed() throws Exception {
        Path careless = Path.of("src", "test", "resources", "sandbox", "careless_pos.py");
        try (Run r = new Run(
                "careless", "--faults", "withhold", "--fault-every", "2", "--orders", "4", "--resend-within", "5s")) {
            run(
                    dir.resolve("careless.out"),
                    Map.of(),
                    python(),
                    careless.toString(),
                    "--port",
                    "" + r.mqtt,
                    "--password",
                    r.env.get("POS_PASSWORD"),
                    "--orders",
                    "3",
                    "--new-id",
                    "--qos0",
                    "--late-subscribe",
                    "--invalid");
            assertThat(r.finish()).as(r.process.output()).isEqualTo(1);
            assertThat(r.report().path("verdict").asText()).isEqualTo("FAIL");
            assertThat(r.status("survives-withhold")).isEqualTo("FAIL");
            assertThat(r.status("no-doubles")).isEqualTo("FAIL");
            assertThat(r.status("mqtt-qos")).isEqualTo("FAIL");
            assertThat(r.status("mqtt-listens")).isEqualTo("FAIL");
            assertThat(r.status("messages-valid")).isEqualTo("FAIL");
            String out = r.process.output();
            assertThat(out)
                    .contains("POS conformance report: FAIL")
                    .contains("items[0].qty") // the schema problem, in plain words
                    .contains("publish orders at QoS 1")
                    .contains("is not subscribed to dapur/sandbox/orders/")
                    .containsPattern("has the same lines as order careless-[0-9a-f]+-3")
                    .containsPattern("careless-[0-9a-f]+-3: sent again as a new order careless-[0-9a-f]+-3-again");
        }
    }

    /** Every {@code sh} block of the POS quick start, run as written against a sandbox, with the variables its banner exports. */
    @Test
    void theQuickStartWorksAsWritten() throws Exception {
        for (String tool : List.of("/usr/bin/curl", "/usr/bin/mosquitto_pub", "/usr/bin/mosquitto_sub")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: apt-get install -y curl mosquitto-clients");
            }
        }
        python();
        String doc = Files.readString(Path.of("..", "docs", "pos-quickstart.md"));
        Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        int n = 0;
        while (blocks.find()) {
            script.append("echo '--- block ").append(++n).append("'\n").append(blocks.group(1));
        }
        assertThat(n).as("sh blocks in the quick start").isGreaterThanOrEqualTo(5);
        Path work = Files.createDirectories(dir.resolve("quickstart"));
        Files.createSymbolicLink(
                work.resolve("examples"), EXAMPLES.toAbsolutePath().normalize());
        Path sh = work.resolve("quickstart.sh");
        Files.writeString(sh, script.toString());
        try (Run r = new Run("quickstart", "--orders", "5")) {
            try {
                Map<String, String> env = new HashMap<>(r.env);
                env.put("PATH", "/usr/bin:/bin");
                ProcessBuilder pb = new ProcessBuilder("bash", sh.toString())
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("quickstart.out").toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(dir.resolve("quickstart.out"));
                assertThat(p.exitValue()).as(out).isZero();
                assertThat(out)
                        .contains(
                                "{\"orderId\":\"T-1001\",\"event\":\"ACCEPTED\",\"ticketIds\":[\"T-1001/kitchen\",\"T-1001/bar\",\"T-1001/expo\"]} HTTP 201")
                        .contains("\"event\":\"DUPLICATE\"")
                        .containsPattern(
                                "dapur/sandbox/orders/T-1002/events \\{\"orderId\":\"T-1002\",\"event\":\"ACCEPTED\"")
                        .contains("3 of 3 orders stored");
                assertThat(r.finish())
                        .as("no fault asked for: INCOMPLETE, nothing failed")
                        .isEqualTo(3);
                assertThat(r.report().path("checks").toString()).doesNotContain("\"FAIL\"");
            } finally {
                Files.delete(work.resolve("examples")); // the link, not the folder it points to
            }
        }
    }

    @Test
    void thePageShowsTheReportTakesAFaultAndEndsTheRun() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (Run r = new Run("page")) {
            String base = "http://127.0.0.1:" + r.http;
            String token = r.env.get("POS_TOKEN");
            HttpResponse<String> page = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/sandbox")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("the POS token is needed").isEqualTo(401);
            HttpResponse<String> asked = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/sandbox/faults?fault=withhold&token=" + token))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asked.statusCode()).isEqualTo(303);
            run(
                    dir.resolve("page.out"),
                    Map.of(),
                    python(),
                    EXAMPLES.resolve("python/pos.py").toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + r.mqtt,
                    "--password",
                    r.env.get("POS_PASSWORD"),
                    "--orders",
                    "2");
            page = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/sandbox?token=" + token))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("POS conformance: <span class=INCOMPLETE>INCOMPLETE</span>")
                    .containsPattern(
                            "survives: the order was stored but its ACCEPTED was withheld<br><small>survives-withhold</small></td>"
                                    + "<td class=PASS>");
            HttpResponse<String> json = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/sandbox/report.json"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(json.body())
                            .path("counts")
                            .path("faults.withhold")
                            .asInt())
                    .isEqualTo(1);
            client.send(
                    HttpRequest.newBuilder(URI.create(base + "/sandbox/end?token=" + token))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.finish()).as("not every fault was tried").isEqualTo(3);
            assertThat(r.report().path("verdict").asText()).isEqualTo("INCOMPLETE");
        }
    }

    @Test
    void badInputGetsAClearMessageAndExitCode2() throws Exception {
        AgentProcess.Result r =
                AgentProcess.runToEnd(dir.resolve("bad1.log"), "sandbox", "--faults", "withhold,explode");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output())
                .contains("unknown fault 'explode'")
                .contains("withhold, unavailable, drop, restart")
                .doesNotContain("Exception");
        r = AgentProcess.runToEnd(dir.resolve("bad2.log"), "sandbox", "--duration", "5 minutes");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("not a duration").doesNotContain("Exception");
        r = AgentProcess.runToEnd(
                dir.resolve("bad3.log"),
                "sandbox",
                "--report",
                dir.resolve("no/such/dir/r.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("does not exist").doesNotContain("Exception");
        try (ServerSocket taken = new ServerSocket(0)) {
            r = AgentProcess.runToEnd(
                    dir.resolve("bad4.log"),
                    "sandbox",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "" + taken.getLocalPort(),
                    "--tls-port",
                    "0",
                    "--mqtt-port",
                    "0",
                    "--mqtt-tls-port",
                    "0",
                    "--data",
                    dir.resolve("bad4").toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.output())
                    .contains("a port is in use")
                    .contains("--port")
                    .doesNotContain("\tat ");
        }
    }
}
