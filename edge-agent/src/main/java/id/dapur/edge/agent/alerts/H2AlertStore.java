package id.dapur.edge.agent.alerts;

import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.cloud.CloudEventType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Alerts in H2: raised once and cleared once per kind and subject (the open alert is a
 * row, so a restart does not raise it again), escalated once, acknowledged once with who and what was
 * done. Every change is published on the alerts topic through the transactional outbox and then told
 * to listeners (screens, GPIO) on the agent's context.
 */
public final class H2AlertStore implements Alerts {
    /** The outcome of an acknowledgement: the alert as it now is, and whether this call acknowledged it. */
    public record Ack(Alert alert, boolean now) {}

    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Context context;
    private final String topic;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

    public static final String RECORD_NOT_STORED = "RECORD_NOT_STORED";
    private volatile Consumer<String> onNotStored = record -> {};
    private final AtomicLong notStored = new AtomicLong();
    private final AtomicBoolean reporting = new AtomicBoolean();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(H2AlertStore.class);

    /** Create on the agent's event loop: futures and listeners run there. */
    public H2AlertStore(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock, String alertsTopic) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.clock = clock;
        this.topic = alertsTopic;
    }

    /** Told every alert change (raised, escalated, acknowledged, cleared) after it is committed. */
    public void onChange(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    /** Who counts records that could not be stored (the metrics): told the record's kind. */
    public void onNotStored(Consumer<String> listener) {
        this.onNotStored = listener;
    }

    /**
     * A record that must be kept (an alert, a HACCP reading or excursion) could not be stored even
     * after waiting: logged at ERROR, counted, and an alert {@value #RECORD_NOT_STORED} is raised as
     * soon as storage takes it, so the gap in the record is known to the people responsible for it.
     */
    @Override
    public void notStored(String record, String subject, Throwable cause) {
        long n = notStored.incrementAndGet();
        LOG.error(
                "a record that must be kept could not be stored [record: {}, subject: {}, not stored so far: {}, error: {}]",
                record,
                subject,
                n,
                cause.toString());
        try {
            onNotStored.accept(record);
        } catch (RuntimeException e) {
            LOG.error("counting a record not stored failed", e);
        }
        if (reporting.compareAndSet(false, true)) {
            context.runOnContext(v -> raise(
                            RECORD_NOT_STORED,
                            "storage",
                            "CRITICAL",
                            "records could not be stored (" + notStored.get() + " so far, the last: " + record + " of "
                                    + subject + "); the HACCP record has a gap: see the agent's log")
                    .onComplete(ar -> reporting.set(false)));
        }
    }

    /** Raises an alert unless one of that kind is open for that subject; present when raised now. */
    @Override
    public Future<Optional<Alert>> raise(String kind, String subject, String severity, String message) {
        return raise(kind, subject, severity, message, null);
    }

    /**
     * Raises an alert and, in the same unit of work, whatever belongs with it ({@code linked} may be
     * null): both are stored or neither. Waits up to {@link #PATIENCE} for room in the writer's queue;
     * an alert that still cannot be stored is {@link #notStored reported}.
     */
    @Override
    public Future<Optional<Alert>> raise(String kind, String subject, String severity, String message, Linked linked) {
        return raiseIf(kind, subject, severity, (c, batch) -> message, linked);
    }

    /**
     * Raises an alert only if {@code decision}, run in the same transaction, gives a message; what the
     * decision writes (its own rows and publications) commits with the alert or not at all. Nothing is
     * asked when an alert of that kind is open for that subject already.
     */
    @Override
    public Future<Optional<Alert>> raiseIf(String kind, String subject, String severity, Decision decision) {
        return raiseIf(kind, subject, severity, decision, null);
    }

    private Future<Optional<Alert>> raiseIf(
            String kind, String subject, String severity, Decision decision, Linked linked) {
        return kept(
                "alert " + kind,
                subject,
                change(writer.submit(
                        context,
                        true,
                        (c, batch) -> {
                            if (open(c, kind, subject) != null) {
                                return Optional.<Alert>empty();
                            }
                            String message = decision.message(c, batch);
                            if (message == null) {
                                return Optional.<Alert>empty();
                            }
                            Instant now = clock.instant();
                            String id = kind + ":" + subject + ":" + Outbox.nextSeq(c);
                            Alert body = Alert.raised(id, kind, severity, subject, message, now);
                            try (PreparedStatement ps = c.prepareStatement(
                                    "INSERT INTO alerts (alert_id, kind, subject, body, raised_at, severity) VALUES (?, ?, ?, ?, ?, ?)")) {
                                ps.setString(1, id);
                                ps.setString(2, kind);
                                ps.setString(3, subject);
                                ps.setString(4, Json.write(body));
                                ps.setTimestamp(5, Timestamp.from(now));
                                ps.setString(6, severity);
                                ps.executeUpdate();
                            }
                            Outbox.write(c, batch, topic, body, false, now, CloudEventType.ALERT);
                            if (linked != null) {
                                linked.write(c, id);
                            }
                            return Optional.of(body);
                        },
                        PATIENCE)));
    }

    private <T> Future<T> kept(String record, String subject, Future<T> f) {
        return f.onFailure(e -> {
            if (record.endsWith(RECORD_NOT_STORED)) {
                LOG.error(
                        "the alert that records could not be stored could not be stored either [error: {}]",
                        e.toString());
            } else {
                notStored(record, subject, e);
            }
        });
    }

    /** Clears the open alert of that kind and subject; present when cleared now. */
    @Override
    public Future<Optional<Alert>> clear(String kind, String subject) {
        return kept(
                "alert clearance " + kind,
                subject,
                change(writer.submit(
                        context,
                        true,
                        (c, batch) -> {
                            String[] open = open(c, kind, subject);
                            if (open == null) {
                                return Optional.<Alert>empty();
                            }
                            Instant now = clock.instant();
                            return Optional.of(update(c, batch, read(open[1]).cleared(now), "cleared_at = ?", now));
                        },
                        PATIENCE)));
    }

    /**
     * Records who acknowledged an alert and what they did about it. Unknown alert: empty. An alert
     * acknowledged before is returned as it was, with {@code now} false (the first record stands).
     */
    public Future<Optional<Ack>> acknowledge(String alertId, String by, String correctiveAction) {
        return acknowledge(alertId, by, correctiveAction, null);
    }

    /**
     * As above, made at {@code atStation}'s screen (null: not a station's): with a cook signed in there,
     * the acknowledgement is theirs ({@code acknowledgedBy}), {@code by} as sent is kept as {@code acknowledgedVia}.
     */
    public Future<Optional<Ack>> acknowledge(String alertId, String sentBy, String correctiveAction, String atStation) {
        Future<Optional<Ack>> f = writer.submit(context, true, (c, batch) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT body, acknowledged_at FROM alerts WHERE alert_id = ?")) {
                ps.setString(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Ack>empty();
                    }
                    if (rs.getTimestamp(2) != null) {
                        return Optional.of(new Ack(read(rs.getString(1)), false));
                    }
                    Instant now = clock.instant();
                    String cook = StationStaff.at(c, atStation);
                    String by = cook != null ? cook : sentBy;
                    Alert body =
                            read(rs.getString(1)).acknowledged(now, by, cook != null ? sentBy : null, correctiveAction);
                    try (PreparedStatement u =
                            c.prepareStatement("UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?,"
                                    + " corrective_action = ?, body = ? WHERE alert_id = ?")) {
                        u.setTimestamp(1, Timestamp.from(now));
                        u.setString(2, by);
                        u.setString(3, correctiveAction);
                        u.setString(4, Json.write(body));
                        u.setString(5, alertId);
                        u.executeUpdate();
                    }
                    Outbox.write(c, batch, topic, body, false, now, CloudEventType.ALERT);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("kind", body.kind());
                    if (correctiveAction != null) {
                        details.put("correctiveAction", correctiveAction);
                    }
                    if (cook != null) {
                        details.put("by", cook);
                        details.put("via", sentBy);
                    }
                    Audit.append(
                            c, batch, now, cook != null ? "staff:" + cook : by, "ALERT_ACKNOWLEDGED", alertId, details);
                    return Optional.of(new Ack(body, true));
                }
            }
        });
        return f.onSuccess(a -> a.filter(Ack::now).ifPresent(ack -> listeners.forEach(l -> l.accept(ack.alert()))));
    }

    /** Escalates to CRITICAL every open alert of these kinds nobody acknowledged within {@code after}. */
    @Override
    public Future<List<Alert>> escalateDue(List<String> kinds, Duration after) {
        Future<List<Alert>> f = writer.submit(
                context,
                true,
                (c, batch) -> {
                    Instant now = clock.instant();
                    List<String[]> due = new ArrayList<>();
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT alert_id, body, kind FROM alerts WHERE cleared_at IS NULL"
                                    + " AND acknowledged_at IS NULL AND escalated_at IS NULL AND raised_at <= ?")) {
                        ps.setTimestamp(1, Timestamp.from(now.minus(after)));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                if (kinds.contains(rs.getString(3))) {
                                    due.add(new String[] {rs.getString(1), rs.getString(2)});
                                }
                            }
                        }
                    }
                    List<Alert> out = new ArrayList<>();
                    for (String[] d : due) {
                        out.add(update(
                                c, batch, read(d[1]).escalated(now), "escalated_at = ?, severity = 'CRITICAL'", now));
                    }
                    return out;
                },
                PATIENCE);
        return f.onSuccess(list -> list.forEach(a -> listeners.forEach(l -> l.accept(a))));
    }

    /** Open alerts, oldest first, as last published. */
    @Override
    public Future<List<Alert>> open() {
        return query("SELECT body FROM alerts WHERE cleared_at IS NULL ORDER BY raised_at", null, null);
    }

    /** Alerts raised in, or still open at the start of, {@code [from, to)}, oldest first. */
    @Override
    public Future<List<Alert>> during(Instant from, Instant to) {
        return query(
                "SELECT body FROM alerts WHERE raised_at < ? AND (cleared_at IS NULL OR cleared_at >= ?) ORDER BY raised_at",
                to,
                from);
    }

    private Future<List<Alert>> query(String sql, Instant a, Instant b) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(sql)) {
                        if (a != null) {
                            ps.setTimestamp(1, Timestamp.from(a));
                            ps.setTimestamp(2, Timestamp.from(b));
                        }
                        List<Alert> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(read(rs.getString(1)));
                            }
                        }
                        return out;
                    }
                },
                false);
    }

    private Future<Optional<Alert>> change(Future<Optional<Alert>> f) {
        return f.onSuccess(o -> o.ifPresent(body -> listeners.forEach(l -> l.accept(body))));
    }

    private static Alert read(String json) {
        return Json.read(json, Alert.class);
    }

    /** Stores the alert as it now is (its column {@code set} to {@code at}) and publishes it. */
    private Alert update(Connection c, WriteBatch batch, Alert body, String set, Instant at) throws SQLException {
        Instant now = at;
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET " + set + ", body = ? WHERE alert_id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, Json.write(body));
            ps.setString(3, body.alertId());
            ps.executeUpdate();
        }
        Outbox.write(c, batch, topic, body, false, now, CloudEventType.ALERT);
        return body;
    }

    private static String[] open(Connection c, String kind, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT alert_id, body FROM alerts WHERE kind = ? AND subject = ? AND cleared_at IS NULL")) {
            ps.setString(1, kind);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }
}
