package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
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
 * The newcomer's first command, {@code demo}, from the packaged jar: it serves, its simulated POS
 * sends orders that the simulated cooks move, and the POS account and token it prints let an
 * integrator's own POS in; with {@code --no-pos} only that POS's orders arrive.
 */
class DemoIT {
    @TempDir
    Path dir;

    static String printed(AgentProcess p, String regex) {
        Matcher m = Pattern.compile(regex).matcher(p.output());
        assertThat(m.find()).as(regex + " in:\n" + p.output()).isTrue();
        return m.group(1);
    }

    AgentProcess start(String name, String... extra) throws Exception {
        int http = FreePorts.next();
        int mqtt = FreePorts.next();
        List<String> args = new ArrayList<>(List.of(
                "demo",
                "--port",
                "" + http,
                "--mqtt-port",
                "" + mqtt,
                "--data",
                dir.resolve(name).toString()));
        args.addAll(List.of(extra));
        AgentProcess p = AgentProcess.start(dir.resolve(name + ".log"), args.toArray(String[]::new));
        p.awaitHealthy("http://127.0.0.1:" + http);
        Awaitility.await("the demo's banner")
                .atMost(Duration.ofSeconds(30))
                .until(() -> p.output().contains("Ctrl-C stops."));
        return p;
    }

    @Test
    void theDemoRunsAKitchenAndLetsAnOutsidePosIn() throws Exception {
        try (AgentProcess p = start("demo", "--rate", "120")) {
            String base = printed(p, "Health: +(http://127\\.0\\.0\\.1:\\d+)/health");
            String admin = printed(p, "Wok tickets: curl -H 'Authorization: Bearer ([^']+)'");
            String posToken = printed(p, "HTTP token (\\S+) \\(docs/pos-quickstart.md\\)");
            Http asAdmin = new Http(base, admin);
            Awaitility.await("the simulated POS's orders on the screens")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> asAdmin.get("/api/v1/stations/expo/tickets?status=all")
                            .body()
                            .contains("\"ticketId\""));
            Http asPos = new Http(base, posToken);
            Http.Response r = asPos.post(
                    "/api/v1/orders",
                    "{\"orderId\":\"OWN-1\",\"source\":\"my-pos\",\"channel\":\"TAKEAWAY\","
                            + "\"placedAt\":\"2026-12-06T12:00:00Z\",\"items\":[{\"lineId\":\"1\",\"name\":\"Es Teh\",\"qty\":1,\"category\":\"drinks\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(p.output()).contains("A simulated POS sends 120 orders a minute");
        }
    }

    @Test
    void withNoPosOnlyTheOutsidePosOrdersArrive() throws Exception {
        try (AgentProcess p = start("nopos", "--no-pos")) {
            String base = printed(p, "Health: +(http://127\\.0\\.0\\.1:\\d+)/health");
            String admin = printed(p, "Wok tickets: curl -H 'Authorization: Bearer ([^']+)'");
            String posToken = printed(p, "HTTP token (\\S+) \\(docs/pos-quickstart.md\\)");
            Http.Response r = new Http(base, posToken)
                    .post(
                            "/api/v1/orders",
                            "{\"orderId\":\"OWN-2\",\"source\":\"my-pos\","
                                    + "\"channel\":\"TAKEAWAY\",\"placedAt\":\"2026-12-06T12:00:00Z\",\"items\":[{\"lineId\":\"1\",\"name\":\"Es Teh\","
                                    + "\"qty\":1,\"category\":\"drinks\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String expo = new Http(base, admin)
                    .get("/api/v1/stations/expo/tickets?status=all")
                    .body();
            assertThat(expo).contains("OWN-2/expo");
            assertThat(Pattern.compile("\"orderId\":\"").matcher(expo).results().count())
                    .as("only our order: " + expo)
                    .isEqualTo(1);
            assertThat(p.output()).contains("No simulated POS (--no-pos)");
        }
    }
}
