package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's journal record as written (plain, or compressed when that is smaller) and replayed on another database. */
class StatementLogTest {
    @TempDir
    Path dir;

    private Connection source;
    private Connection target;
    private final StatementLog log = new StatementLog();

    @BeforeEach
    void open() throws SQLException {
        source = database("source");
        target = database("target");
    }

    @AfterEach
    void close() throws SQLException {
        log.close();
        source.close();
        target.close();
    }

    private Connection database(String name) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(name), "sa", "");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id BIGINT PRIMARY KEY, body VARCHAR, at TIMESTAMP WITH TIME ZONE, n INT)");
        }
        return c;
    }

    /** Records {@code rows} inserts of a ticket-like body through the log's connection; returns the record. */
    private byte[] record(int rows, int bodyChars) throws SQLException {
        log.clear();
        Connection recording = log.connection(source);
        try (PreparedStatement ps = recording.prepareStatement("INSERT INTO t(id, body, at, n) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setLong(1, i + 1);
                ps.setString(2, body(i, bodyChars));
                ps.setTimestamp(
                        3, Timestamp.from(Instant.parse("2026-12-07T02:00:00Z").plusSeconds(i)));
                ps.setInt(4, i);
                ps.executeUpdate();
            }
        }
        log.encode();
        return Arrays.copyOf(log.bytes(), log.length());
    }

    private static String body(int i, int chars) {
        StringBuilder b = new StringBuilder("{\"ticketId\":\"T-" + i + "\",\"items\":[");
        while (b.length() < chars) {
            b.append("{\"name\":\"Nasi goreng kampung\",\"qty\":1,\"modifiers\":[\"pedas\",\"tanpa udang\"]},");
        }
        return b.append("{}]}").toString();
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, body, at, n FROM t ORDER BY id")) {
            while (r.next()) {
                out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getObject(3) + "|" + r.getInt(4));
            }
        }
        return out;
    }

    private RecordReplay.Replayed replay(byte[] record) throws SQLException {
        Map<String, PreparedStatement> cache = new HashMap<>();
        try {
            return RecordReplay.replay(target, ByteBuffer.wrap(record), cache);
        } finally {
            for (PreparedStatement ps : cache.values()) {
                ps.close();
            }
        }
    }

    @Test
    void aBatchThatRepeatsItsJsonIsWrittenCompressedAndReplaysTheSameRows() throws SQLException {
        byte[] rec = record(6, 2_000);
        assertThat(rec[0]).as("version").isEqualTo((byte) 2);
        int plain = 1 + 8 + 4 + 6 * (4 + 47 + 4 + (1 + 4 + 8 + 1 + 4 + 2_100 + 1 + 12 + 1 + 4));
        assertThat(rec.length).as("compressed bytes").isLessThan(plain / 5);
        RecordReplay.Replayed r = replay(rec);
        assertThat(r.statements()).isEqualTo(6);
        assertThat(rows(target)).isEqualTo(rows(source)).hasSize(6);
    }

    @Test
    void aSmallBatchIsWrittenAsItIs() throws SQLException {
        byte[] rec = record(1, 10);
        assertThat(rec.length).isLessThan(RecordFormat.DEFLATE_FROM);
        assertThat(rec[0]).as("version").isEqualTo((byte) 1);
        replay(rec);
        assertThat(rows(target)).isEqualTo(rows(source)).hasSize(1);
    }

    @Test
    void theWriterReusesItsCompressorFromBatchToBatch() throws SQLException {
        byte[] first = record(3, 1_500);
        replay(first);
        try (Statement s = source.createStatement()) {
            s.execute("DELETE FROM t");
        }
        try (Statement s = target.createStatement()) {
            s.execute("DELETE FROM t");
        }
        byte[] second = record(4, 3_000);
        assertThat(second[0]).isEqualTo((byte) 2);
        replay(second);
        assertThat(rows(target)).isEqualTo(rows(source)).hasSize(4);
    }

    @Test
    void aCompressedRecordThatDoesNotInflateToWhatItClaimsIsRefusedAndChangesNothing() throws SQLException {
        byte[] rec = record(4, 2_000);
        byte[] lying = rec.clone();
        lying[4]++; // claims one byte more than its body
        assertThatThrownBy(() -> replay(lying)).isInstanceOf(SQLException.class).hasMessageContaining("inflates to");
        byte[] garbage = rec.clone();
        for (int i = 5; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertThatThrownBy(() -> replay(garbage))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("compressed journal record");
        byte[] huge = rec.clone();
        huge[1] = 0x7f;
        assertThatThrownBy(() -> replay(huge)).isInstanceOf(SQLException.class).hasMessageContaining("claims");
        assertThat(rows(target)).isEmpty();
        byte[] unknown = rec.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> replay(unknown)).hasMessageContaining("version 9");
    }
}
