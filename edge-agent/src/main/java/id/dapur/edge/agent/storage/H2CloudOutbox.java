package id.dapur.edge.agent.storage;

import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.cloud.CloudOutbox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cloud outbox in H2 ({@code cloud_outbox}). Reads on a worker, writes through the one storage
 * writer. The backlog (events, bytes, oldest) is kept in memory: counted at open, added to after
 * every commit that wrote events, taken from after every settle or shed.
 */
public final class H2CloudOutbox implements CloudOutbox {
    private final Vertx vertx;
    private final Context context;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final String instance;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long events;
    /** Events up to this seq are durable (fsynced) and may be sent; rows above it may be visible but not yet synced. */
    private volatile long durableThrough;

    private long bytes;
    private Instant oldest;
    private long shedEvents;
    private long deadLetters;

    /** What one shedding pass dropped. */
    public record Shed(long events, long bytes, Instant first, Instant last) {}

    public H2CloudOutbox(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock, String instance) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.clock = clock;
        this.instance = instance;
    }

    /** Counts what waits (blocking: call from a worker at start) and starts hearing of new events. */
    public void open() throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*), COALESCE(SUM(bytes), 0), (SELECT created_at FROM cloud_outbox ORDER BY seq LIMIT 1), COALESCE(MAX(seq), 0)"
                                + " FROM cloud_outbox");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            durableThrough = rs.getLong(4); // the database was synced as it opened (Database.open)
            synchronized (this) {
                events = rs.getLong(1);
                bytes = rs.getLong(2);
                oldest = rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant();
            }
        }
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COALESCE(SUM(events), 0), (SELECT COUNT(*) FROM cloud_dead_letters) FROM cloud_shed");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            synchronized (this) {
                shedEvents = rs.getLong(1);
                deadLetters = rs.getLong(2);
            }
        }
        writer.writeCloudEvents();
        writer.subscribe(CloudEventWritten.class, written -> {
            long b = 0;
            Instant first = null;
            long through = durableThrough;
            for (CloudEventWritten w : written) {
                through = Math.max(through, w.seq());
                b += w.bytes();
                first = first == null || w.at().isBefore(first) ? w.at() : first;
            }
            durableThrough = through; // heard after the batch's fsync (GroupCommitWriter syncs every batch with events)
            committed(written.size(), b, first);
        });
    }

    private void committed(int n, long b, Instant first) {
        synchronized (this) {
            events += n;
            bytes += b;
            if (oldest == null || first.isBefore(oldest)) {
                oldest = first;
            }
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized Backlog backlog() {
        return new Backlog(events, bytes, oldest);
    }

    public synchronized long shedEvents() {
        return shedEvents;
    }

    public synchronized long deadLetters() {
        return deadLetters;
    }

    @Override
    public void onAdded(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public Future<List<CloudEvent>> oldest(long afterSeq, int maxEvents, int maxBytes) {
        return vertx.executeBlocking(
                () -> {
                    List<CloudEvent> out = new ArrayList<>(Math.min(maxEvents, 1024));
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(
                                    "SELECT seq, stream, type, payload, created_at, bytes FROM cloud_outbox WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
                        ps.setLong(1, afterSeq);
                        ps.setLong(2, durableThrough);
                        ps.setInt(3, maxEvents);
                        ps.setFetchSize(Math.min(maxEvents, 1000));
                        long total = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                int b = rs.getInt(6);
                                if (!out.isEmpty() && total + b > maxBytes) {
                                    break;
                                }
                                total += b;
                                long seq = rs.getLong(1);
                                out.add(new CloudEvent(
                                        seq,
                                        instance + ":" + seq,
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getTimestamp(5).toInstant(),
                                        Utf8Column.get(rs, 4),
                                        b));
                            }
                        }
                    }
                    return out;
                },
                false);
    }

    @Override
    public Future<Void> settle(List<CloudEvent> done, List<Rejected> rejected) {
        Long[] seqs = done.stream().map(CloudEvent::seq).toArray(Long[]::new);
        long doneBytes = done.stream().mapToLong(CloudEvent::bytes).sum();
        return writer.<Instant>submit(context, false, (c, batch) -> {
                    delete(c, seqs);
                    if (!rejected.isEmpty()) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "INSERT INTO cloud_dead_letters (seq, event_key, stream, type, payload,"
                                        + " code, message, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                            for (Rejected r : rejected) {
                                ps.setLong(1, r.event().seq());
                                ps.setString(2, r.event().key());
                                ps.setString(3, r.event().stream());
                                ps.setString(4, r.event().type());
                                ps.setString(5, r.event().payload());
                                ps.setString(6, cut(r.code(), 64));
                                ps.setString(7, cut(r.message(), 1000));
                                ps.setTimestamp(8, Timestamp.from(clock.instant()));
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                    }
                    return oldestIn(c);
                })
                .map(first -> {
                    synchronized (this) {
                        events -= done.size();
                        bytes -= doneBytes;
                        deadLetters += rejected.size();
                        oldest = events == 0 ? null : first;
                    }
                    return null;
                });
    }

    /**
     * Drops low-priority events (raw sensor readings), oldest first, until {@code toFree} bytes are
     * freed or none are left; records what was dropped in {@code cloud_shed} and tells the cloud in an
     * {@code audit} event, in the same transaction. Never touches any other stream.
     */
    public Future<Shed> shed(long toFree, String reason) {
        record Done(Shed shed, Instant oldest) {}
        return writer.<Done>submit(context, true, (c, batch) -> {
                    List<Long> seqs = new ArrayList<>();
                    long freed = 0;
                    Instant first = null;
                    Instant last = null;
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT seq, bytes, created_at FROM cloud_outbox WHERE low_priority = TRUE ORDER BY seq LIMIT 50000")) {
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next() && freed < toFree) {
                                seqs.add(rs.getLong(1));
                                freed += rs.getInt(2);
                                Instant at = rs.getTimestamp(3).toInstant();
                                first = first == null ? at : first;
                                last = at;
                            }
                        }
                    }
                    if (seqs.isEmpty()) {
                        return new Done(new Shed(0, 0, null, null), null);
                    }
                    delete(c, seqs.toArray(Long[]::new));
                    Instant now = clock.instant();
                    try (PreparedStatement ps =
                            c.prepareStatement("INSERT INTO cloud_shed (id, stream, events, bytes, first_at, last_at,"
                                    + " shed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setLong(1, Outbox.nextSeq(c));
                        ps.setString(2, CloudRows.READINGS);
                        ps.setLong(3, seqs.size());
                        ps.setLong(4, freed);
                        ps.setTimestamp(5, Timestamp.from(first));
                        ps.setTimestamp(6, Timestamp.from(last));
                        ps.setTimestamp(7, Timestamp.from(now));
                        ps.setString(8, cut(reason, 200));
                        ps.executeUpdate();
                    }
                    Map<String, Object> audit = new LinkedHashMap<>();
                    audit.put("stream", CloudRows.READINGS);
                    audit.put("events", seqs.size());
                    audit.put("bytes", freed);
                    audit.put("from", first.toString());
                    audit.put("to", last.toString());
                    audit.put("reason", reason);
                    CloudRows.add(c, batch, CloudEventType.OUTBOX_SHED, audit, now);
                    return new Done(new Shed(seqs.size(), freed, first, last), oldestIn(c));
                })
                .map(d -> {
                    if (d.shed().events() > 0) {
                        synchronized (this) {
                            // the audit event's own bytes were added by the commit listener
                            events -= d.shed().events();
                            bytes -= d.shed().bytes();
                            shedEvents += d.shed().events();
                            oldest = events == 0 ? null : d.oldest();
                        }
                    }
                    return d.shed();
                });
    }

    /** Every shedding pass, newest first (at most {@code limit}). */
    public Future<List<Map<String, Object>>> sheds(int limit) {
        return vertx.executeBlocking(
                () -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(
                                    "SELECT stream, events, bytes, first_at, last_at, shed_at, reason FROM cloud_shed ORDER BY id DESC LIMIT ?")) {
                        ps.setInt(1, limit);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("stream", rs.getString(1));
                                m.put("events", rs.getLong(2));
                                m.put("bytes", rs.getLong(3));
                                m.put("from", rs.getTimestamp(4).toInstant().toString());
                                m.put("to", rs.getTimestamp(5).toInstant().toString());
                                m.put("at", rs.getTimestamp(6).toInstant().toString());
                                m.put("reason", rs.getString(7));
                                out.add(m);
                            }
                        }
                    }
                    return out;
                },
                false);
    }

    /**
     * Deletes these rows. A run of events read together in seq order holds every row between its
     * first and last (one writer assigns seqs and commits in order), so a whole run goes as one range
     * delete; anything else row by row.
     */
    private static void delete(Connection c, Long[] seqs) throws SQLException {
        if (seqs.length == 0) {
            return;
        }
        long first = seqs[0];
        long last = seqs[seqs.length - 1];
        if (seqs.length > 1) {
            try (PreparedStatement count =
                    c.prepareStatement("SELECT COUNT(*) FROM cloud_outbox WHERE seq BETWEEN ? AND ?")) {
                count.setLong(1, first);
                count.setLong(2, last);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == seqs.length) {
                        try (PreparedStatement ps =
                                c.prepareStatement("DELETE FROM cloud_outbox WHERE seq BETWEEN ? AND ?")) {
                            ps.setLong(1, first);
                            ps.setLong(2, last);
                            ps.executeUpdate();
                        }
                        return;
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cloud_outbox WHERE seq = ?")) {
            for (Long seq : seqs) {
                ps.setLong(1, seq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Instant oldestIn(Connection c) throws SQLException {
        // the first in commit order is the oldest (created_at is the time of writing): an index lookup, not a scan
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at FROM cloud_outbox ORDER BY seq LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
