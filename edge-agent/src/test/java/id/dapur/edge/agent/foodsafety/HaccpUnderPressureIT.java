package id.dapur.edge.agent.foodsafety;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import io.vertx.core.Future;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of the write-path review: records food-safety law needs are not dropped when the
 * storage writer's queue is full. The writer is held and its queue filled to the brim (10,000
 * tasks) while a fridge goes out of range; when it is released, the excursion, its alert and their
 * link are all there. Before the fix each was submitted once, failed at once on the full queue,
 * and vanished without a log line.
 */
@Timeout(90)
class HaccpUnderPressureIT {
    @TempDir
    Path dir;

    @Test
    void anExcursionAndItsAlertWaitForRoomInAFullQueueInsteadOfVanishing() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        try (RunningAgent running = RunningAgent.start(config.load("""
                sensors:
                  - { id: fridge-1, name: Fridge 1, equipment: cold-hold, alertDelay: 0s, maxSilence: 1h }
                """)).awaitReady();
                MqttProbe sensor = MqttProbe.connect(config.mqttUrl(), "sensor-1", PASSWORD)) {
            Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
            Field s = running.agent().getClass().getDeclaredField("storage");
            s.setAccessible(true);
            Object storage = s.get(running.agent());
            Field f = storage.getClass().getDeclaredField("writer");
            f.setAccessible(true);
            GroupCommitWriter writer = (GroupCommitWriter) f.get(storage);

            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            writer.submit(null, false, (c, b) -> {
                held.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            // the writer has taken its batch (and drained what it takes of the queue) before the queue is
            // filled: a writer thread scheduled late took 511 of the fillers with it and left room (CI flake)
            assertThat(held.await(10, TimeUnit.SECONDS))
                    .as("the writer holds its batch")
                    .isTrue();
            int filled = 0;
            while (true) {
                Future<Object> noop = writer.submit(null, false, (c, b) -> null);
                if (noop.failed()) {
                    break;
                }
                filled++;
            }
            assertThat(filled).as("the queue is full").isGreaterThan(9_000);

            sensor.publish(ROOT + "/sensors/fridge-1", "{\"temperature\": 12.5, \"unit\": \"C\"}");
            Awaitility.await("the excursion and alert waiting for room")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.patientWaits() > 0);
            hold.countDown();

            Awaitility.await("the alert stored").atMost(Duration.ofSeconds(20)).until(() -> alert(admin) != null);
            String alertId = alert(admin).path("alertId").asText();
            String today = LocalDate.now(ZoneId.systemDefault()).toString();
            Awaitility.await("the excursion stored, linked to its alert")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> admin.get("/api/v1/haccp/report?format=csv&date=" + today)
                            .body()
                            .lines()
                            .anyMatch(l -> l.startsWith("excursion,fridge-1,") && l.contains(alertId)));
            assertThat(admin.get("/metrics").body()).doesNotContain("dapur_records_not_stored_total");
        }
    }

    private static JsonNode alert(Http admin) {
        for (JsonNode a : admin.get("/api/v1/alerts").json().path("alerts")) {
            if (a.path("kind").asText().equals("TEMPERATURE_HIGH")
                    && a.path("subject").asText().equals("sensor:fridge-1")) {
                return a;
            }
        }
        return null;
    }
}
