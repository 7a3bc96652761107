package id.dapur.edge.agent.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POS that floods the embedded broker faster than the agent can store orders (its per-client rate
 * lifted): the broker acknowledges each publish as it routes it, and the agent's own session takes an
 * order only once it is on disk, so the agent's queue grows. Past a session's limit a broker drops what
 * it acknowledged; for the agent's session the embedded broker holds the POS back at the door instead,
 * so every order is answered ACCEPTED, once, with no resend and nothing dropped. The queue limit is
 * lowered (600 messages) so that a few thousand orders reach it on any machine; the flood would lose
 * orders here without the hold-back.
 */
class AgentBacklogIT {
    @TempDir
    Path dir;

    @AfterEach
    void defaultLimits() {
        EmbeddedBroker.limits = Broker.Limits.DEFAULT;
    }

    @Test
    void aFloodOfOrdersIsHeldBackAtTheDoorNotDroppedAndEveryOrderIsAnsweredOnce() throws Exception {
        EmbeddedBroker.limits = new Broker.Limits(100, 600, 8L << 20, Duration.ofHours(24));
        TestConfig config = TestConfig.embedded(dir);
        int n = 3_000;
        try (RunningAgent agent = RunningAgent.start(config.loadEdited(y ->
                        y.replace("host: 127.0.0.1 }", "host: 127.0.0.1, messagesPerSecond: 100000, burst: 100000 }")))
                .awaitReady()) {
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger answers = new AtomicInteger();
            MqttAsyncClient listener = client(config, 100);
            listener.subscribe(TestConfig.ROOT + "/orders/+/events", 1, (topic, m) -> {
                        String body = new String(m.getPayload(), StandardCharsets.UTF_8);
                        answers.incrementAndGet();
                        if (body.contains("\"event\":\"ACCEPTED\"")) {
                            accepted.add(topic.split("/")[3]);
                        }
                    })
                    .waitForCompletion(10_000);

            MqttAsyncClient pos = client(config, 1_000);
            Semaphore window = new Semaphore(1_000);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                window.acquire();
                pos.publish(
                        TestConfig.ROOT + "/orders/in",
                        Orders.bytes("FLOOD-" + i),
                        1,
                        false,
                        null,
                        new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken t) {
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken t, Throwable e) {
                                failed.incrementAndGet();
                                window.release();
                            }
                        });
            }

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() ->
                            assertThat(accepted).as("orders answered ACCEPTED").hasSize(n));
            assertThat(failed).as("publishes the broker did not acknowledge").hasValue(0);
            Http anon = new Http(config.http(), null);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(answers).hasValue(n));
            String metrics = anon.get("/metrics").body();
            assertThat(metric(metrics, "dapur_mqtt_broker_dropped "))
                    .as("messages dropped")
                    .isZero();
            assertThat(metric(metrics, "dapur_mqtt_front_held_back_total "))
                    .as("times the POS was held back")
                    .isPositive();
            assertThat(metric(metrics, "dapur_orders_total{result=\"accepted\"} "))
                    .isEqualTo(n);
            pos.disconnect().waitForCompletion(10_000);
            listener.disconnect().waitForCompletion(10_000);
        }
    }

    private static MqttAsyncClient client(TestConfig config, int inflight) throws Exception {
        MqttAsyncClient c =
                new MqttAsyncClient(config.mqttUrl(), "pos-1-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("pos-1");
        o.setPassword(TestConfig.PASSWORD.toCharArray());
        o.setMaxInflight(inflight);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static double metric(String metrics, String prefix) {
        return metrics.lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + prefix.trim() + " in /metrics"));
    }
}
