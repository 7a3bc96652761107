package id.dapur.edge.agent.storage;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The transactional outbox, for a feature's unit of work: a row in {@code outbox} committed with the
 * change that causes it, published after the commit; and the one sequence that numbers changes.
 */
public final class Outbox {
    private Outbox() {}

    /** The next number of the global sequence (changes, outbox rows, ids). */
    public static long nextSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NEXT VALUE FOR global_seq");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            StatementLog.noteSequence(c, v);
            return v;
        }
    }

    /**
     * An outbox row and its publication; mirrored to the cloud as an event of type {@code mirror}
     * (null: not mirrored), said by the writer of the publication, never parsed from its topic.
     */
    public static OutboxEntry write(
            Connection c,
            WriteBatch batch,
            String topic,
            Object payload,
            boolean retained,
            Instant now,
            CloudEventType mirror)
            throws SQLException {
        OutboxEntry e = new OutboxEntry(nextSeq(c), topic, Json.write(payload), 1, retained, System.nanoTime());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (seq, topic, payload, qos, retained, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.seq());
            ps.setString(2, e.topic());
            Utf8Column.set(ps, 3, e.payload());
            ps.setInt(4, e.qos());
            ps.setBoolean(5, e.retained());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
        }
        batch.publish(e);
        if (mirror != null) {
            CloudRows.add(c, batch, mirror, e.payload(), now);
        }
        return e;
    }
}
