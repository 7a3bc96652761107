package id.dapur.edge.agent.process;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.AgentProcess;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the agent while thousands of orders stream in over MQTT: every order the POS
 * saw ACCEPTED is there after the restart, and replaying every order yields only ACCEPTED or
 * DUPLICATE, with exactly one set of tickets per order.
 */
@Timeout(240)
class CrashSafetyIT {
    static final int ORDERS = 4000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the database and logs to look at
    Path dir;

    @Test
    void everyAcceptedOrderSurvivesKillDashNineAndReplayMakesNoDuplicates() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        Path file = config.write();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();

        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-1.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(config.http());
            MqttProbe watcher = MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD);
            watcher.subscribe(ROOT + "/orders/+/events");
            Thread pos = new Thread(
                    () -> {
                        try (MqttProbe till = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)) {
                            for (int i = 0; i < ORDERS; i++) {
                                till.publish(ROOT + "/orders/in", Orders.bytes(orderId(i)));
                                sent.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // the agent (and its embedded broker) was killed under us: that is the point
                        }
                    },
                    "pos");
            pos.start();
            Awaitility.await("a good part of the stream accepted")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        watcher.all().forEach(r -> {
                            JsonNode e = r.json();
                            if (e.path("event").asText().equals("ACCEPTED")) {
                                accepted.add(e.path("orderId").asText());
                            }
                        });
                        return accepted.size() >= ORDERS / 4;
                    });
            agent.kill();
            pos.join(30_000);
            watcher.all().forEach(r -> {
                if (r.json().path("event").asText().equals("ACCEPTED")) {
                    accepted.add(r.json().path("orderId").asText());
                }
            });
            watcher.close();
        }
        assertThat(sent.get()).as("the kill must land mid-stream").isLessThan(ORDERS);
        System.out.printf("kill -9 after %d orders sent, %d seen ACCEPTED%n", sent.get(), accepted.size());

        try (AgentProcess agent = AgentProcess.start(dir.resolve("agent-2.log"), "run", "--config", file.toString())) {
            agent.awaitHealthy(config.http());
            Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
            for (String id : accepted) {
                Http.Response r = admin.get("/api/v1/orders/" + id);
                assertThat(r.status())
                        .as(() -> "order " + id + " was ACCEPTED before the kill (" + r.body() + "); agent log:\n"
                                + agent.tail(60))
                        .isEqualTo(200);
                assertThat(r.json().path("tickets")).hasSize(3);
            }

            MqttProbe watcher =
                    MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD).subscribe(ROOT + "/orders/+/events");
            try (MqttProbe till = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)) {
                for (int i = 0; i < ORDERS; i++) {
                    till.publish(ROOT + "/orders/in", Orders.bytes(orderId(i)));
                }
            }
            Set<String> answered = ConcurrentHashMap.newKeySet();
            Awaitility.await("an answer for every replayed order")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        watcher.all().forEach(r -> {
                            String ev = r.json().path("event").asText();
                            assertThat(ev).as("replay answer").isIn("ACCEPTED", "DUPLICATE");
                            answered.add(r.json().path("orderId").asText());
                        });
                        return answered.size() == ORDERS;
                    });
            for (String id : accepted) {
                assertThat(watcher.on(ROOT + "/orders/" + id + "/events"))
                        .extracting(m -> m.json().path("event").asText())
                        .as("an order accepted before the kill is a DUPLICATE now")
                        .contains("DUPLICATE")
                        .doesNotContain("ACCEPTED");
            }
            watcher.close();
            for (String station : new String[] {"wok", "bar", "expo"}) {
                assertThat(countTickets(admin, station))
                        .as("tickets at " + station)
                        .isEqualTo(ORDERS);
            }
        }
    }

    static String orderId(int i) {
        return "CRASH-" + i;
    }

    static int countTickets(Http http, String station) {
        int count = 0;
        long after = 0;
        while (true) {
            JsonNode page = http.get("/api/v1/stations/" + station + "/tickets?status=all&limit=500&after=" + after)
                    .json();
            count += page.path("tickets").size();
            if (!page.has("next")) {
                return count;
            }
            after = page.path("next").asLong();
        }
    }
}
