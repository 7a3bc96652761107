package id.dapur.edge.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outlet's database from before V6 (bodies as VARCHAR) keeps every body, character for
 * character, when the agent opens it and V6 turns them into UTF-8 bytes; the columns are VARBINARY
 * afterwards. Non-ASCII text on purpose: a menu in Bahasa Indonesia with a chili and an accent.
 */
class BodiesAsUtf8MigrationIT {
    @TempDir
    Path dir;

    private static final String BODY =
            "{\"orderId\":\"MIG-1\",\"note\":\"tanpa telur, extra pedas \uD83C\uDF36, cr\u00e8me br\u00fbl\u00e9e\"}";

    @Test
    void bodiesWrittenAsTextReadBackTheSameAsBytesAfterV6() throws Exception {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve(Database.NAME), "dapur", "");
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .target("5")
                    .load()
                    .migrate();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO orders (order_id, body, status, received_at, updated_at) VALUES ('MIG-1', '"
                        + BODY + "', 'ACCEPTED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                s.execute(
                        "INSERT INTO tickets (ticket_id, order_id, station, seq, status, body) VALUES ('MIG-1/wok', 'MIG-1', 'wok', 1, 'NEW', '"
                                + BODY + "')");
                s.execute("INSERT INTO outbox (seq, topic, payload, qos, retained, created_at) VALUES (1, 't', '" + BODY
                        + "', 1, FALSE, CURRENT_TIMESTAMP)");
                s.execute(
                        "INSERT INTO cloud_outbox (seq, stream, low_priority, type, payload, bytes, created_at) VALUES (2, 'orders', FALSE,"
                                + " 'ORDER', '" + BODY + "', 100, CURRENT_TIMESTAMP)");
            }
        } finally {
            pool.dispose();
        }

        Database db = Database.open(dir, false);
        try (Connection c = db.connection()) {
            Map<String, String> reads = Map.of(
                    "orders", "SELECT body FROM orders WHERE order_id = 'MIG-1'",
                    "tickets", "SELECT body FROM tickets WHERE ticket_id = 'MIG-1/wok'",
                    "outbox", "SELECT payload FROM outbox WHERE seq = 1",
                    "cloud_outbox", "SELECT payload FROM cloud_outbox WHERE seq = 2");
            for (Map.Entry<String, String> r : reads.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(r.getValue());
                        ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(r.getKey() + " keeps its row").isTrue();
                    assertThat(Utf8Column.get(rs, 1)).as(r.getKey()).isEqualTo(BODY);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT TABLE_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                                    + " WHERE COLUMN_NAME IN ('BODY', 'PAYLOAD') AND TABLE_NAME IN ('ORDERS', 'TICKETS', 'OUTBOX', 'CLOUD_OUTBOX')");
                    ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo("BINARY VARYING");
                    n++;
                }
                assertThat(n).isEqualTo(4);
            }
        } finally {
            db.close();
        }
    }
}
