package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketWrites;
import id.dapur.edge.agent.printing.PrintJob.Kind;
import id.dapur.edge.agent.printing.PrintJob.Spec;
import id.dapur.edge.agent.printing.PrintJob.State;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Print jobs and retained status publications in H2, through the {@link GroupCommitWriter}.
 * Futures complete on a Vert.x context; printer workers wait on them from their own threads.
 */
public final class H2PrintStore {
    private static final String COLUMNS =
            "job_id, printer_id, origin_printer, kind, ticket_id, order_id, doc, reprint, attempts, created_at";
    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Context context;

    /** Create on the agent's event loop: futures complete there, whichever thread asks. */
    public H2PrintStore(Vertx vertx, Database db, GroupCommitWriter writer, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.db = db;
        this.writer = writer;
        this.clock = clock;
    }

    /** Chits for tickets no screen showed, on the printers the planner gives their station. */
    public static UnseenChits unseen(PrintPlanner planner) {
        return (c, batch, t, now) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT printer_id, state FROM print_jobs WHERE ticket_id = ? AND kind = 'CHIT' ORDER BY job_id DESC LIMIT 1")) {
                ps.setString(1, t.ticketId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return "DONE".equals(rs.getString(2))
                                ? null
                                : "its chit is waiting at printer " + rs.getString(1);
                    }
                }
            }
            List<String> printers = planner.printersOf(t.station());
            if (printers.isEmpty()) {
                return "no printer is configured to print it on (printing.fallbackPrinter)";
            }
            List<PrintJob.Spec> specs = printers.stream()
                    .map(p -> new PrintJob.Spec(p, PrintJob.Kind.CHIT, t.ticketId(), t.orderId(), Json.write(t), false))
                    .toList();
            insert(c, batch, specs, now);
            return "printed on " + String.join(", ", printers);
        };
    }

    /** The chits a ticket change causes, written in the ticket's own transaction. */
    public static TicketWrites chits(PrintPlanner planner) {
        return new TicketWrites() {
            @Override
            public void accepted(Connection c, WriteBatch batch, List<Ticket> tickets, Instant now)
                    throws SQLException {
                insert(c, batch, planner.accepted(tickets, now), now);
            }

            @Override
            public void voided(
                    Connection c, WriteBatch batch, List<Ticket> changed, List<String> voidedLineIds, Instant now)
                    throws SQLException {
                insert(c, batch, planner.voided(changed, voidedLineIds, now), now);
            }
        };
    }

    /** Inserts jobs inside a writer task (the ticket's transaction); the spooler hears of them after commit. */
    public static List<PrintJob> insert(Connection c, WriteBatch batch, List<Spec> specs, Instant now)
            throws SQLException {
        List<PrintJob> out = new ArrayList<>();
        if (specs.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO print_jobs (" + COLUMNS + ", state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Spec s : specs) {
                PrintJob j = new PrintJob(
                        Outbox.nextSeq(c),
                        s.printerId(),
                        null,
                        s.kind(),
                        s.ticketId(),
                        s.orderId(),
                        s.doc(),
                        s.reprint(),
                        0,
                        now);
                ps.setLong(1, j.jobId());
                ps.setString(2, j.printerId());
                ps.setString(3, null);
                ps.setString(4, j.kind().name());
                ps.setString(5, j.ticketId());
                ps.setString(6, j.orderId());
                ps.setString(7, j.doc());
                ps.setBoolean(8, j.reprint());
                ps.setInt(9, 0);
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setString(11, State.QUEUED.name());
                ps.addBatch();
                out.add(j);
                batch.publish(j);
            }
            ps.executeBatch();
        }
        return out;
    }

    /** A job of its own (reprint, test page, receipt), durable before the future completes. */
    public Future<PrintJob> create(Spec spec) {
        return writer.submit(
                context,
                true,
                (c, batch) -> insert(c, batch, List.of(spec), clock.instant()).get(0));
    }

    /**
     * At start: every open job that was SENDING, or that {@link PrintIntents} says was about to be sent,
     * may or may not have printed; it is queued again marked REPRINT. Returns every open job, oldest first.
     */
    public Future<List<PrintJob>> recover(Set<Long> mayHaveBeenSent) {
        return writer.submit(context, true, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE print_jobs SET state = 'QUEUED', reprint = TRUE, detail = 'agent stopped while it was printing' WHERE state = 'SENDING'")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE print_jobs SET reprint = TRUE, detail = 'agent stopped while it was printing' WHERE job_id = ? AND state = 'QUEUED'")) {
                for (long id : mayHaveBeenSent) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM print_jobs WHERE state = 'QUEUED' ORDER BY job_id")) {
                return read(ps);
            }
        });
    }

    /** The job is being sent (for the API; what survives a crash is the {@link PrintIntents} record). */
    public Future<Void> sending(PrintJob j) {
        return update(
                false,
                "UPDATE print_jobs SET state = 'SENDING', attempts = ?, reprint = ? WHERE job_id = ?",
                j.attempts(),
                j.reprint(),
                j.jobId());
    }

    /** Completes once everything submitted before it is forced to disk. */
    public Future<Void> barrier() {
        return writer.submit(context, true, (c, batch) -> null);
    }

    /** Printed. Not forced: if lost in a crash the job is found SENDING and reprinted marked, never silently. */
    public Future<Void> done(PrintJob j, String detail) {
        return update(
                false,
                "UPDATE print_jobs SET state = 'DONE', detail = ?, done_at = ? WHERE job_id = ?",
                truncate(detail),
                Timestamp.from(clock.instant()),
                j.jobId());
    }

    /** Back in the queue, marked REPRINT if printing was uncertain. */
    public Future<Void> requeue(PrintJob j, String detail) {
        return update(
                false,
                "UPDATE print_jobs SET state = 'QUEUED', reprint = ?, detail = ? WHERE job_id = ?",
                j.reprint(),
                truncate(detail),
                j.jobId());
    }

    /** Moves queued jobs to a backup printer, remembering where they were meant to print. */
    public Future<Void> moved(List<PrintJob> jobs) {
        return writer.submit(context, true, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE print_jobs SET printer_id = ?, origin_printer = ?, reprint = ? WHERE job_id = ? AND state = 'QUEUED'")) {
                for (PrintJob j : jobs) {
                    ps.setString(1, j.printerId());
                    ps.setString(2, j.originPrinter());
                    ps.setBoolean(3, j.reprint());
                    ps.setLong(4, j.jobId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Recent jobs of a printer, newest first, with their state (for the API). */
    public Future<List<Map<String, Object>>> recent(String printerId, int limit) {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection();
                            PreparedStatement ps = c.prepareStatement(
                                    "SELECT job_id, kind, ticket_id, order_id, state, reprint, attempts, origin_printer, detail, created_at, done_at"
                                            + " FROM print_jobs WHERE printer_id = ? ORDER BY job_id DESC LIMIT ?")) {
                        ps.setString(1, printerId);
                        ps.setInt(2, limit);
                        List<Map<String, Object>> out = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("jobId", rs.getLong(1));
                                m.put("kind", rs.getString(2));
                                m.put("ticketId", rs.getString(3));
                                m.put("orderId", rs.getString(4));
                                m.put("state", rs.getString(5));
                                m.put("reprint", rs.getBoolean(6));
                                m.put("attempts", rs.getInt(7));
                                m.put("originPrinter", rs.getString(8));
                                m.put("detail", rs.getString(9));
                                m.put("createdAt", rs.getTimestamp(10).toInstant());
                                Timestamp done = rs.getTimestamp(11);
                                m.put("doneAt", done == null ? null : done.toInstant());
                                out.add(m);
                            }
                        }
                        return out;
                    }
                },
                false);
    }

    /** Deletes printed jobs older than {@code before}. */
    public Future<Integer> purgeDone(Instant before) {
        return writer.submit(context, false, (c, batch) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM print_jobs WHERE state = 'DONE' AND done_at < ? LIMIT 5000")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        });
    }

    /** A retained publication through the outbox (printer status): reaches the broker after any outage. */
    public Future<Void> publishRetained(String topic, Object payload) {
        return writer.submit(context, false, (c, batch) -> {
            Outbox.write(c, batch, topic, payload, true, clock.instant(), CloudEventType.PRINTER_STATUS);
            return null;
        });
    }

    private Future<Void> update(boolean durable, String sql, Object... args) {
        return writer.submit(context, durable, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<PrintJob> read(PreparedStatement ps) throws SQLException {
        List<PrintJob> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PrintJob(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        Kind.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getBoolean(8),
                        rs.getInt(9),
                        rs.getTimestamp(10).toInstant()));
            }
        }
        return out;
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() <= 300 ? s : s.substring(0, 300);
    }
}
