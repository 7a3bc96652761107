package id.dapur.edge.agent.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The MQTT outbox and the dead letters in H2: what is waiting for the broker, and what was refused. */
public final class H2Outbox implements OutboxStore {
    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;

    public H2Outbox(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public Future<List<OutboxEntry>> pendingOutbox(long afterSeq, int limit) {
        return read(() -> {
            try (Connection c = db.connection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT seq, topic, payload, qos, retained FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, limit);
                List<OutboxEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEntry(
                                rs.getLong(1),
                                rs.getString(2),
                                Utf8Column.get(rs, 3),
                                rs.getInt(4),
                                rs.getBoolean(5),
                                System.nanoTime()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<Void> published(List<Long> seqs) {
        return writer.submit(vertx.getOrCreateContext(), false, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
                for (long s : seqs) {
                    ps.setLong(1, s);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Future<Void> deadLetter(String topic, String code, String message, String excerpt) {
        return writer.submit(vertx.getOrCreateContext(), false, (c, batch) -> {
            long id = Outbox.nextSeq(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dead_letters (id, topic, code, message, excerpt, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, truncate(topic, 512));
                ps.setString(3, truncate(code, 64));
                ps.setString(4, truncate(message, 1000));
                ps.setString(5, truncate(excerpt, 2048));
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM dead_letters WHERE id < (SELECT MIN(id) FROM (SELECT id FROM dead_letters ORDER BY id DESC LIMIT 10000))")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private <T> Future<T> read(Callable<T> query) {
        return vertx.executeBlocking(query, false);
    }
}
