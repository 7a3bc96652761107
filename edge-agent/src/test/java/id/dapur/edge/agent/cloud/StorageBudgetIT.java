package id.dapur.edge.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.H2AlertStore;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.config.CloudConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk budget on a real H2 file: only raw readings are shed, oldest first, with a record; STORAGE_LOW once. */
class StorageBudgetIT {
    static final String KB = "x".repeat(1000);

    @TempDir
    Path dir;

    Vertx vertx;
    Database db;
    GroupCommitWriter writer;
    H2CloudOutbox outbox;
    H2AlertStore alerts;
    StorageGuard guard;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db, entries -> {});
        outbox = new H2CloudOutbox(vertx, db, writer, Clock.systemUTC(), "test-instance");
        outbox.open();
        alerts = new H2AlertStore(vertx, db, writer, Clock.systemUTC(), "dapur/jkt-01/alerts");
    }

    @AfterEach
    void close() {
        guard.stop();
        writer.close();
        db.close();
        vertx.close().await();
    }

    void write(String stream, int n) throws Exception {
        for (int i = 0; i < n; i += 100) {
            int from = i;
            writer.submit(null, false, (c, batch) -> {
                        for (int k = from; k < Math.min(n, from + 100); k++) {
                            CloudRows.add(
                                    c,
                                    batch,
                                    stream.equals("readings") ? CloudEventType.SENSOR_READING : CloudEventType.ORDER,
                                    Map.of("n", k, "pad", KB),
                                    Instant.now());
                        }
                        return null;
                    })
                    .await(10, TimeUnit.SECONDS);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<Alert> openAlerts(String kind) throws Exception {
        return alerts.open().await(5, TimeUnit.SECONDS).stream()
                .filter(a -> kind.equals(a.kind()))
                .toList();
    }

    @Test
    void pastTheBudgetOnlyReadingsAreShedOldestFirstWithARecordAndStorageLowIsRaisedAndClearedOnce() throws Exception {
        // GIVEN 1 MiB of budget, 300 orders' events and 1,500 readings (about 1.9 MB together)
        write("orders", 300);
        write("readings", 1500);
        long maxReadingSeq = count("SELECT MAX(seq) FROM cloud_outbox WHERE stream = 'readings'");
        guard = new StorageGuard(vertx, outbox, alerts, new CloudConfig.Outbox(1, 0), dir);

        // WHEN the guard runs
        guard.start();

        // THEN readings are shed down to 80 % of the budget; no order event is touched
        Awaitility.await("shed")
                .atMost(Duration.ofSeconds(15))
                .until(() -> outbox.backlog().bytes() <= 0.8 * (1 << 20) + 2000);
        assertThat(count("SELECT COUNT(*) FROM cloud_outbox WHERE stream = 'orders'"))
                .isEqualTo(300);
        long kept = count("SELECT COUNT(*) FROM cloud_outbox WHERE stream = 'readings'");
        assertThat(kept).isBetween(1L, 1499L);
        assertThat(count("SELECT MIN(seq) FROM cloud_outbox WHERE stream = 'readings'"))
                .as("the newest readings are kept")
                .isEqualTo(maxReadingSeq - kept + 1);
        assertThat(outbox.shedEvents()).isEqualTo(1500 - kept);
        List<Map<String, Object>> sheds = outbox.sheds(10).await(5, TimeUnit.SECONDS);
        assertThat(sheds).hasSize(1);
        assertThat(sheds.get(0)).containsEntry("stream", "readings").containsEntry("events", 1500 - kept);
        assertThat(count("SELECT COUNT(*) FROM cloud_outbox WHERE stream = 'audit' AND type = 'OUTBOX_SHED'"))
                .isEqualTo(1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> openAlerts("STORAGE_LOW").size() == 1);
        assertThat(outbox.backlog().events()).isEqualTo(count("SELECT COUNT(*) FROM cloud_outbox"));

        // WHEN only orders fill the budget THEN none is dropped, whatever it costs, and the alert is not raised again
        write("orders", 1200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> count("SELECT COUNT(*) FROM cloud_outbox WHERE stream = 'readings'") == 0);
        assertThat(count("SELECT COUNT(*) FROM cloud_outbox WHERE stream = 'orders'"))
                .isEqualTo(1500);
        assertThat(count("SELECT COUNT(*) FROM alerts WHERE kind = 'STORAGE_LOW'"))
                .isEqualTo(1);

        // WHEN the cloud takes everything THEN STORAGE_LOW is cleared, once
        List<CloudEvent> all = outbox.oldest(0, 5000, Integer.MAX_VALUE).await(10, TimeUnit.SECONDS);
        outbox.settle(all, List.of()).await(10, TimeUnit.SECONDS);
        assertThat(outbox.backlog().events()).isZero();
        Awaitility.await("cleared")
                .atMost(Duration.ofSeconds(15))
                .until(() -> openAlerts("STORAGE_LOW").isEmpty());
        assertThat(count("SELECT COUNT(*) FROM alerts WHERE kind = 'STORAGE_LOW' AND cleared_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void theBacklogCountedAtOpenMatchesTheTableAfterARestart() throws Exception {
        write("orders", 250);
        write("readings", 50);
        guard = new StorageGuard(vertx, outbox, alerts, new CloudConfig.Outbox(256, 0), dir);
        var b = outbox.backlog();
        writer.close();
        db.close();
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db, entries -> {});
        H2CloudOutbox reopened = new H2CloudOutbox(vertx, db, writer, Clock.systemUTC(), "test-instance");
        reopened.open();
        assertThat(reopened.backlog().events()).isEqualTo(300).isEqualTo(b.events());
        assertThat(reopened.backlog().bytes()).isEqualTo(b.bytes());
        assertThat(reopened.oldest(0, 1000, Integer.MAX_VALUE).await(5, TimeUnit.SECONDS))
                .extracting(CloudEvent::key)
                .allMatch(k -> k.startsWith("test-instance:"))
                .doesNotHaveDuplicates()
                .hasSize(300);
    }
}
