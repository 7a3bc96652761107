package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.Unjournaled;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a screen reads as it connects, and after, walks an index in the order it asks for and stops at
 * its limit: H2 sorts nothing in memory, however many tickets are open. (With a station filter
 * written {@code (station = ? OR ? IS NULL)}, H2 sorted every open ticket first; with thousands of
 * them an agent's 64 MB heap ran out as it started, and again at every restart.)
 */
class ScreenQueriesIT {
    @TempDir
    Path dir;

    private static String plan(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void everyScreenQueryReadsInIndexOrderAndStopsAtItsLimit() throws Exception {
        Database db = Database.open(dir, false);
        try (Connection c = Unjournaled.connection(
                db)) { // EXPLAIN is refused by a reading connection: it does not start with SELECT
            Timestamp since = Timestamp.from(Instant.parse("2026-12-06T10:00:00Z"));
            for (String station : Arrays.asList(null, "wok")) {
                Object[] snapshot = station == null ? new Object[] {since} : new Object[] {station, since};
                Object[] changed = station == null ? new Object[] {7L, 100} : new Object[] {station, 7L, 100};
                assertThat(plan(c, H2ScreenReads.snapshotSql(station), snapshot))
                        .as("snapshot, station %s", station)
                        .contains("index sorted");
                assertThat(plan(c, H2ScreenReads.changedSinceSql(station), changed))
                        .as("changes since, station %s", station)
                        .contains("index sorted");
            }
        } finally {
            db.close();
        }
    }
}
