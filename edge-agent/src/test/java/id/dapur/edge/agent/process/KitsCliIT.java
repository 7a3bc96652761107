package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The back-office and technician kits from the packaged jar, as a developer or a technician types
 * them: {@code fake-cloud} with {@code cloud-check} and a small {@code fleet-sim} through an outage,
 * {@code doctor} against an agent down and up, and bad input to each (an unreachable URL, a refused
 * code, a server answering garbage, a broken codes file, no configuration): one clear line and an
 * exit code, never a stack trace.
 */
class KitsCliIT {
    @TempDir
    Path dir;

    static void noTrace(AgentProcess.Result r) {
        assertThat(r.output()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    /** {@code fake-cloud} in a child process: its URL, and the codes it wrote. */
    record Fake(AgentProcess process, String url, List<String[]> codes) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    Fake fake(int outlets, String... more) throws Exception {
        Path codes = dir.resolve("codes-" + outlets + ".csv");
        List<String> args =
                new ArrayList<>(List.of("fake-cloud", "--outlets", "" + outlets, "--codes", codes.toString()));
        args.addAll(List.of(more));
        AgentProcess p = AgentProcess.start(dir.resolve("fake-" + outlets + ".log"), args.toArray(String[]::new));
        Awaitility.await("fake-cloud's banner")
                .atMost(Duration.ofSeconds(60))
                .until(() -> p.output().contains("Ctrl-C stops."));
        Matcher m = Pattern.compile("fake back office at (\\S+)").matcher(p.output());
        assertThat(m.find()).isTrue();
        List<String[]> lines =
                Files.readAllLines(codes).stream().map(l -> l.split(",")).toList();
        return new Fake(p, m.group(1), lines);
    }

    @Test
    void cloudCheckPassesTheReferenceBackOfficeAndExplainsWhatItCannotCheck() throws Exception {
        try (Fake f = fake(2, "--samples")) {
            String[] first = f.codes().get(0);
            AgentProcess.Result ok = AgentProcess.runToEnd(
                    dir.resolve("check.log"),
                    "cloud-check",
                    f.url(),
                    "--outlet",
                    first[0],
                    "--code",
                    first[1],
                    "--long-poll",
                    "1s",
                    "--report",
                    dir.resolve("check.json").toString());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("cloud API check of " + f.url() + ": PASS");
            assertThat(Files.readString(dir.resolve("check.json"))).contains("\"verdict\" : \"PASS\"");

            AgentProcess.Result spent = AgentProcess.runToEnd(
                    dir.resolve("spent.log"), "cloud-check", f.url(), "--outlet", first[0], "--code", first[1]);
            assertThat(spent.exitCode()).isEqualTo(2);
            assertThat(spent.output())
                    .contains("the back office refused the provisioning code")
                    .contains("PROVISIONING_CODE_USED");
            noTrace(spent);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AgentProcess.Result down = AgentProcess.runToEnd(
                dir.resolve("down.log"),
                "cloud-check",
                "http://127.0.0.1:" + closed + "/api",
                "--outlet",
                "jkt-01",
                "--code",
                "code-0123456789");
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.output()).contains("cannot reach the back office at http://127.0.0.1:" + closed);
        noTrace(down);
        AgentProcess.Result plain = AgentProcess.runToEnd(
                dir.resolve("plain.log"),
                "cloud-check",
                "http://192.168.1.9/api",
                "--outlet",
                "jkt-01",
                "--code",
                "code-0123456789");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.output()).contains("must be https:// (plain http:// only to this machine)");
        AgentProcess.Result who = AgentProcess.runToEnd(
                dir.resolve("who.log"), "cloud-check", "https://cloud.example.com/api", "--outlet", "jkt-01");
        assertThat(who.exitCode()).isEqualTo(2);
        assertThat(who.output()).contains("give --code");
    }

    @Test
    void cloudCheckNamesAServerThatIsNotABackOffice() throws Exception {
        com.sun.net.httpserver.HttpServer html =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        html.createContext("/", x -> {
            byte[] b = "<html>It works!</html>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        html.start();
        try {
            AgentProcess.Result r = AgentProcess.runToEnd(
                    dir.resolve("html.log"),
                    "cloud-check",
                    "http://127.0.0.1:" + html.getAddress().getPort() + "/api",
                    "--outlet",
                    "jkt-01",
                    "--code",
                    "code-0123456789");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.output())
                    .contains("does not answer registration as the cloud API says")
                    .contains("not JSON");
            noTrace(r);
        } finally {
            html.stop(0);
        }
    }

    @Test
    void fleetSimRunsAFleetThroughAnOutageAndEveryEventArrivesOnce() throws Exception {
        try (Fake f = fake(20)) {
            AgentProcess.Result r = AgentProcess.runToEnd(
                    Duration.ofSeconds(180),
                    dir.resolve("fleet.log"),
                    "fleet-sim",
                    f.url(),
                    "--codes",
                    dir.resolve("codes-20.csv").toString(),
                    "--duration",
                    "30s",
                    "--outage-at",
                    "12s",
                    "--outage-for",
                    "8s",
                    "--speed",
                    "120",
                    "--ramp",
                    "2s",
                    "--drain",
                    "90s",
                    "--work",
                    dir.resolve("fleet").toString(),
                    "--report",
                    dir.resolve("fleet.json").toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output())
                    .contains("registered: 20 of 20")
                    .contains("exactly once: yes")
                    .contains(", 0 still waiting")
                    .containsPattern("the backlog was back to its level before the outage \\d+ s after it ended")
                    .containsPattern("the back office's own ledger: \\{.*applied=\\d+")
                    .contains("outage: the back office is unreachable for 8 s")
                    .contains("configuration versions running: {v1=20}");
            String json = Files.readString(dir.resolve("fleet.json"));
            assertThat(json).contains("\"exactlyOnce\" : true").contains("\"outOfOrder\" : 0");
        }
    }

    @Test
    void fleetSimSaysWhatIsWrongWithItsInput() throws Exception {
        Path codes = dir.resolve("bad.csv");
        Files.writeString(codes, "outlet-1,code-0123456789\nOutlet 2;code\n");
        AgentProcess.Result bad = AgentProcess.runToEnd(
                dir.resolve("bad.log"), "fleet-sim", "http://127.0.0.1:9/api", "--codes", codes.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("line 2: expected 'outletId,provisioningCode'");
        noTrace(bad);
        AgentProcess.Result none = AgentProcess.runToEnd(
                dir.resolve("none.log"),
                "fleet-sim",
                "http://127.0.0.1:9/api",
                "--codes",
                dir.resolve("missing.csv").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.output()).contains("cannot be read");
        Files.writeString(codes, "outlet-1,code-0123456789\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AgentProcess.Result down = AgentProcess.runToEnd(
                dir.resolve("fleet-down.log"),
                "fleet-sim",
                "http://127.0.0.1:" + closed + "/api",
                "--codes",
                codes.toString(),
                "--duration",
                "3s",
                "--ramp",
                "1s",
                "--drain",
                "1s",
                "--work",
                dir.resolve("fd").toString());
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.output()).contains("no outlet could register");
        noTrace(down);
    }

    @Test
    void doctorSaysWhatIsWrongAndWhatToDo() throws Exception {
        AgentProcess.Result nothing = AgentProcess.runToEnd(dir.resolve("doc0.log"), "doctor");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.output()).contains("which configuration?");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "outlet: { id: Not An Id }\n");
        AgentProcess.Result invalid =
                AgentProcess.runToEnd(dir.resolve("doc1.log"), "doctor", "--config", broken.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.output()).containsPattern("PROBLEM +configuration").contains("check-config");
        noTrace(invalid);

        TestConfig c = TestConfig.embedded(dir.resolve("agent"));
        Path file = c.write();
        AgentProcess.Result down =
                AgentProcess.runToEnd(dir.resolve("doc2.log"), "doctor", "--config", file.toString());
        assertThat(down.exitCode()).as(down.output()).isEqualTo(1);
        assertThat(down.output())
                .containsPattern("OK +configuration +valid")
                .containsPattern("PROBLEM +http +nothing answers on http://127.0.0.1:" + c.httpPort())
                .contains("start the agent");
        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy("http://127.0.0.1:" + c.httpPort());
            AgentProcess.Result up =
                    AgentProcess.runToEnd(dir.resolve("doc3.log"), "doctor", "--config", file.toString());
            assertThat(up.output())
                    .containsPattern("OK +storage +UP \\(last commit")
                    .containsPattern("OK +broker")
                    .containsPattern("OK +mqtt")
                    .containsPattern("OK +disk");
            assertThat(up.exitCode()).as(up.output()).isIn(0, 1);
            AgentProcess.Result json =
                    AgentProcess.runToEnd(dir.resolve("doc4.log"), "doctor", "--config", file.toString(), "--json");
            assertThat(json.output()).contains("\"findings\"").contains("\"level\" : \"OK\"");
        }
    }
}
