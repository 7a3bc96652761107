package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.ScreenRead;
import id.dapur.edge.agent.storage.TicketChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * What a screen reads of the tickets: its snapshot as it connects and the changes after a number as
 * it resyncs, each with the high-water mark it is consistent with. Reads on workers, on their own
 * connection; the order store delegates here.
 */
final class H2ScreenReads {
    private static final int SCREEN_LIMIT = 5000;
    private final Vertx vertx;
    private final Database db;

    H2ScreenReads(Vertx vertx, Database db) {
        this.vertx = vertx;
        this.db = db;
    }

    Future<ScreenRead> snapshot(String station, Instant doneSince) {
        return screenRead(station, snapshotSql(station), (ps, i) -> ps.setTimestamp(i, Timestamp.from(doneSince)));
    }

    Future<ScreenRead> changedSince(String station, long sinceSeq, int limit) {
        return screenRead(station, changedSinceSql(station), (ps, i) -> {
            ps.setLong(i, sinceSeq);
            ps.setInt(i + 1, limit);
        });
    }

    /**
     * A station's open tickets and those done since a time, oldest first; every station's when
     * {@code station} is null. Two forms, not {@code (station = ? OR ? IS NULL)}: with the OR, H2 can
     * use no index for the order and sorted every match in memory before the limit. With a station, the
     * order names it first (one value: the same order) so that H2 sees the index's order in it.
     */
    static String snapshotSql(String station) {
        return "SELECT changed_seq, body FROM tickets WHERE " + (station == null ? "" : "station = ? AND ")
                + "(status IN ('NEW', 'IN_PROGRESS', 'READY') OR changed_at >= ?) ORDER BY "
                + (station == null ? "seq" : "station, seq") + " LIMIT " + SCREEN_LIMIT;
    }

    /** A station's (or every station's) ticket changes after a number, in order, at most a limit. */
    static String changedSinceSql(String station) {
        return "SELECT changed_seq, body FROM tickets WHERE " + (station == null ? "" : "station = ? AND ")
                + "changed_seq > ? ORDER BY " + (station == null ? "changed_seq" : "station, changed_seq") + " LIMIT ?";
    }

    /** Binds a query's own parameters, from parameter {@code next} on (after the station's, if any). */
    private interface Binder {
        void bind(PreparedStatement ps, int next) throws SQLException;
    }

    /**
     * The station's high-water mark first, then the tickets, in one snapshot transaction: a change
     * numbered at or below the mark is committed before the tickets are read (one writer numbers
     * and commits in order), so it is in what they show. The mark is raised to the newest change
     * read, which the tickets show too.
     */
    private Future<ScreenRead> screenRead(String station, String sql, Binder binder) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        int isolation = c.getTransactionIsolation();
                        c.setAutoCommit(false);
                        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                        try {
                            long mark;
                            try (PreparedStatement ps = c.prepareStatement(
                                    station == null
                                            ? "SELECT COALESCE(MAX(changed_seq), 0) FROM tickets"
                                            : "SELECT COALESCE(MAX(changed_seq), 0) FROM tickets WHERE station = ?")) {
                                if (station != null) {
                                    ps.setString(1, station);
                                }
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    mark = rs.getLong(1);
                                }
                            }
                            List<TicketChange> changes;
                            try (PreparedStatement ps = c.prepareStatement(sql)) {
                                int next = 1;
                                if (station != null) {
                                    ps.setString(next++, station);
                                }
                                binder.bind(ps, next);
                                changes = H2TicketRows.readChanges(ps);
                            }
                            c.commit();
                            for (TicketChange t : changes) {
                                mark = Math.max(mark, t.seq());
                            }
                            return new ScreenRead(mark, changes);
                        } finally {
                            c.rollback();
                            c.setTransactionIsolation(isolation);
                            c.setAutoCommit(true);
                        }
                    }
                },
                false);
    }
}
