package id.dapur.edge.agent.foodsafety;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading retention against a real H2 file: raw readings are folded into intervals by age and by a row cap. */
class H2HaccpStoreIT {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private Database db;
    private GroupCommitWriter writer;
    private H2HaccpStore store;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir, false);
        writer = new GroupCommitWriter(db, e -> {});
        store = new H2HaccpStore(vertx, db, writer, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        db.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.await(30, TimeUnit.SECONDS);
    }

    /** One reading a minute for {@code days} days before NOW, 3 °C with a 9 °C minute every hour. */
    private void readings(String sensor, int days) throws Exception {
        List<H2HaccpStore.Reading> batch = new ArrayList<>();
        for (int m = days * 24 * 60; m > 0; m--) {
            double c = m % 60 == 0 ? 9.0 : 3.0;
            batch.add(new H2HaccpStore.Reading(sensor, NOW.minus(Duration.ofMinutes(m)), c, c, "C"));
            if (batch.size() == 5000) {
                await(store.record(batch));
                batch = new ArrayList<>();
            }
        }
        await(store.record(batch));
    }

    @Test
    void rawReadingsPastRetentionAreFoldedIntoIntervalsThatKeepMinAvgMax() throws Exception {
        readings("fridge-1", 3); // 4,320 readings
        assertThat(await(store.counts())).containsExactly(4320, 0);
        int folded = await(store.retain(Duration.ofDays(1), Duration.ofMinutes(15), Duration.ofDays(730), 1_000_000));
        assertThat(folded).isEqualTo(2 * 24 * 60);
        long[] counts = await(store.counts());
        assertThat(counts[0]).isEqualTo(24 * 60);
        assertThat(counts[1]).isEqualTo(2 * 24 * 4);
        // the day before yesterday, 10:00-10:15: 15 readings, one of them the 9 °C minute
        List<H2HaccpStore.Point> p = await(
                store.points("fridge-1", Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:15:00Z")));
        assertThat(p).hasSize(1);
        assertThat(p.get(0).min()).isEqualTo(3.0);
        assertThat(p.get(0).max()).isEqualTo(9.0);
        assertThat(p.get(0).avg()).isEqualTo(3.4);
        // folding again changes nothing
        assertThat(await(store.retain(Duration.ofDays(1), Duration.ofMinutes(15), Duration.ofDays(730), 1_000_000)))
                .isZero();
        assertThat(await(store.counts())).containsExactly(counts);
    }

    @Test
    void theRowCapFoldsTheOldestEarlyAndOldRecordsGo() throws Exception {
        readings("fridge-1", 2); // 2,880 readings, all within a 7-day raw retention
        await(store.excursionStarted("fridge-1", "TEMPERATURE_HIGH", 5, NOW.minus(Duration.ofDays(400)), 9));
        await(store.excursionEnded("fridge-1", NOW.minus(Duration.ofDays(400)).plusSeconds(600), 9.5));
        await(store.retain(Duration.ofDays(7), Duration.ofMinutes(15), Duration.ofDays(365), 1000));
        long[] counts = await(store.counts());
        assertThat(counts[0]).isLessThanOrEqualTo(1000);
        assertThat(counts[1]).isGreaterThan(0);
        assertThat(await(store.excursions(NOW.minus(Duration.ofDays(500)), NOW)))
                .isEmpty();
        // every minute is still accounted for: folded readings + raw readings
        List<H2HaccpStore.Point> all = await(store.points("fridge-1", NOW.minus(Duration.ofDays(3)), NOW));
        assertThat(all.get(all.size() - 1).at()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
    }

    @Test
    void calibrationChangesAreRecordedOnlyWhenTheyChange() throws Exception {
        assertThat(await(store.calibration("fridge-1", 0.0, "config"))).isTrue();
        assertThat(await(store.calibration("fridge-1", 0.0, "config"))).isFalse();
        assertThat(await(store.calibration("fridge-1", -0.4, "config"))).isTrue();
        List<Object[]> changes = await(store.calibrations("fridge-1"));
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)[1]).isEqualTo(0.0);
        assertThat(changes.get(1)[2]).isEqualTo(-0.4);
    }
}
