package id.dapur.edge.agent.kitchen;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings 3 and 4 of the write-path review on a running agent (real H2 file, embedded broker):
 * a transient storage failure is never answered REJECTED, and a dead storage writer makes
 * {@code /health} 503 instead of hiding behind UP.
 */
@Timeout(90)
class TransientFailureIT {
    @TempDir
    Path dir;

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    /**
     * Numbering the order's tickets fails (the global sequence has run out: a real H2 error, made
     * by the test with ALTER SEQUENCE). Before the fix the error reached the intake wrapped in an
     * IllegalStateException, which it answered REJECTED (500 INTERNAL_ERROR, a dead letter) and the
     * POS stopped resending an order a retry would have stored.
     */
    @Test
    void aTransientFailureWhileNumberingTicketsIsRetryableAndTheResendIsAccepted() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        try (RunningAgent running = RunningAgent.start(config.load()).awaitReady();
                MqttProbe watcher =
                        MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD).subscribe(ROOT + "/orders/+/events")) {
            Http pos = new Http(config.http(), TestConfig.POS_TOKEN);
            Database db = (Database) field(field(running.agent(), "storage"), "db");
            try (Connection c = db.connection();
                    Statement s = c.createStatement()) {
                s.execute("ALTER SEQUENCE global_seq RESTART WITH 900000000 MAXVALUE 900000000");
                s.execute("SELECT NEXT VALUE FOR global_seq"); // the last number there is: the next one fails
            }

            Http.Response first = pos.post("/api/v1/orders", Orders.json("TRANS-1"));
            assertThat(first.status()).as(first.body()).isEqualTo(503);
            assertThat(first.errorCode()).isEqualTo("STORAGE_UNAVAILABLE");
            assertThat(pos.get("/api/v1/orders/TRANS-1").status()).isEqualTo(404);

            try (Connection c = db.connection();
                    Statement s = c.createStatement()) {
                s.execute("ALTER SEQUENCE global_seq RESTART WITH 900000001 NO MAXVALUE");
            }
            Http.Response resend = pos.post("/api/v1/orders", Orders.json("TRANS-1"));
            assertThat(resend.status()).as(resend.body()).isEqualTo(201);
            watcher.await(
                    ROOT + "/orders/TRANS-1/events",
                    e -> e.path("event").asText().equals("ACCEPTED"));
            assertThat(watcher.on(ROOT + "/orders/TRANS-1/events"))
                    .as("the POS was never told REJECTED")
                    .noneMatch(m -> m.payload().contains("REJECTED"));
            assertThat(new Http(config.http(), TestConfig.ADMIN_TOKEN)
                            .get("/metrics")
                            .body())
                    .contains("dapur_orders_total{result=\"not_stored\"} 1.0");
        }
    }

    /** An Error in the writer used to end its thread silently: orders hung, /health said UP. */
    @Test
    void aDeadWriterMakesHealthDownAndOrdersFailFastAndRetryable() throws Exception {
        TestConfig config = TestConfig.embedded(dir);
        try (RunningAgent running = RunningAgent.start(config.load()).awaitReady()) {
            Http anon = new Http(config.http(), null);
            assertThat(anon.get("/health").status()).isEqualTo(200);
            assertThat(anon.get("/health")
                            .json()
                            .path("details")
                            .path("storage")
                            .path("lastCommitAgoMs")
                            .isNumber())
                    .isTrue();

            GroupCommitWriter writer = (GroupCommitWriter) field(field(running.agent(), "storage"), "writer");
            writer.submit(null, true, (c, b) -> {
                throw new AssertionError("simulated: a bug that throws an Error on the writer thread");
            });
            Awaitility.await("health DOWN")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> anon.get("/health").status() == 503);
            assertThat(anon.get("/health").json().path("checks").path("storage").asText())
                    .contains("storage writer died");

            Http.Response order =
                    new Http(config.http(), TestConfig.POS_TOKEN).post("/api/v1/orders", Orders.json("DEAD-1"));
            assertThat(order.status()).isEqualTo(503);
            assertThat(order.errorCode()).isIn("STORAGE_UNAVAILABLE", "INTAKE_CLOSED");
        }
    }
}
