package id.dapur.edge.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Mosquitto;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outlet Mosquitto with its own default limits (max_queued_messages 1,000) drops QoS 1 messages
 * for a subscriber that is behind, after acknowledging them to their publisher. The agent must not
 * let that pass silently: it reads the broker's count and raises BROKER_DROPPED_MESSAGES. Made
 * deterministic with a subscriber that is away (persistent session) while 1,200 messages arrive for it.
 */
class BrokerDropsIT {
    @TempDir
    Path dir;

    @Test
    void aBrokerThatDropsMessagesRaisesAnAlert() throws Exception {
        TestConfig config = TestConfig.external(dir, FreePorts.next());
        try (Mosquitto mosquitto = Mosquitto.start(
                        config.load(),
                        dir.resolve("mosquitto"),
                        config.mqttPort(),
                        conf -> conf.replaceAll("(?m)^max_(queued|inflight)_messages .*$", "")
                                .replace("sys_interval 10", "sys_interval 1"));
                RunningAgent agent = RunningAgent.start(config.load()).awaitReady()) {
            Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
            String topic = TestConfig.ROOT + "/kds/wok/tickets";
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("ops");
            o.setPassword(TestConfig.PASSWORD.toCharArray());
            o.setCleanSession(false);
            MqttClient away =
                    new MqttClient(config.mqttUrl(), "screen-away-" + System.nanoTime(), new MemoryPersistence());
            away.connect(o);
            away.subscribe(topic, 1);
            away.disconnect();
            away.close();
            assertThat(openDropAlerts(admin)).as("no drops yet, no alert").isZero();

            MqttConnectOptions p = new MqttConnectOptions();
            p.setUserName("ops");
            p.setPassword(TestConfig.PASSWORD.toCharArray());
            p.setMaxInflight(1000);
            MqttClient publisher =
                    new MqttClient(config.mqttUrl(), "ops-burst-" + System.nanoTime(), new MemoryPersistence());
            publisher.connect(p);
            for (int i = 0; i < 1_200; i++) { // every one gets its PUBACK; the absent screen's queue holds 1,000
                publisher.publish(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1, false);
            }
            publisher.disconnect();
            publisher.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> openDropAlerts(admin) == 1);
            JsonNode alert = alertOfKind(admin);
            assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(alert.path("message").asText()).contains("dropped").contains("max_queued_messages");
            assertThat(admin.get("/metrics").body())
                    .containsPattern("dapur_broker_dropped_messages (1\\d\\d|[2-9]\\d\\d|\\d{4,})");
        }
    }

    private static long openDropAlerts(Http admin) {
        long n = 0;
        for (JsonNode a : admin.get("/api/v1/alerts").json().path("alerts")) {
            if (a.path("kind").asText().equals("BROKER_DROPPED_MESSAGES")) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode alertOfKind(Http admin) {
        for (JsonNode a : admin.get("/api/v1/alerts").json().path("alerts")) {
            if (a.path("kind").asText().equals("BROKER_DROPPED_MESSAGES")) {
                return a;
            }
        }
        throw new AssertionError("no BROKER_DROPPED_MESSAGES alert");
    }
}
