package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.orders.OrderEvent;
import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.staff.StationStaff;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.Outbox;
import id.dapur.edge.agent.storage.ScreenRead;
import id.dapur.edge.agent.storage.Utf8Column;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.cloud.CloudEventType;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@link OrderStore} on an H2 file: changes through the {@link GroupCommitWriter}, reads on workers. */
public final class H2OrderStore implements OrderStore {
    private final Vertx vertx;
    private final Database db;
    private final GroupCommitWriter writer;
    private final StationRouter router;
    private final KitchenRules rules;
    private final Topics topics;
    private final Clock clock;
    private final TicketWrites planner;
    private final UnavailableItems menu;
    private final TicketHistory history;
    private final H2ScreenReads screens;

    /** Which skus (and {@code mod:<name>} modifier keys) are 86'd at a time, read inside the order's transaction. */
    @FunctionalInterface
    public interface UnavailableItems {
        UnavailableItems NONE = (c, now) -> Set.of();

        Set<String> at(Connection c, Instant now) throws SQLException;
    }

    public H2OrderStore(
            Vertx vertx,
            Database db,
            GroupCommitWriter writer,
            StationRouter router,
            KitchenRules rules,
            Topics topics,
            Clock clock) {
        this(
                vertx,
                db,
                writer,
                router,
                rules,
                topics,
                clock,
                TicketWrites.NONE,
                UnavailableItems.NONE,
                TicketHistory.NONE);
    }

    /** With a planner: print jobs are created in the same transaction as the tickets that cause them. */
    public H2OrderStore(
            Vertx vertx,
            Database db,
            GroupCommitWriter writer,
            StationRouter router,
            KitchenRules rules,
            Topics topics,
            Clock clock,
            TicketWrites planner,
            UnavailableItems menu,
            TicketHistory history) {
        this.planner = planner;
        this.history = history;
        this.menu = menu;
        this.vertx = vertx;
        this.db = db;
        this.writer = writer;
        this.router = router;
        this.rules = rules;
        this.topics = topics;
        this.clock = clock;
        this.screens = new H2ScreenReads(vertx, db);
    }

    @Override
    public Future<Acceptance> accept(Order order) {
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM orders WHERE order_id = ?")) {
                ps.setString(1, order.orderId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        JsonNode stored = Json.tree(Utf8Column.get(rs, 1));
                        if (!stored.equals(order.body())) {
                            throw Problem.of(
                                            ErrorCode.ORDER_CONFLICT,
                                            "order " + order.orderId() + " was already accepted with other content")
                                    .asFailure();
                        }
                        List<Ticket> known = H2TicketRows.ofOrder(c, order.orderId());
                        return new Acceptance(order.orderId(), true, known, warnings(known));
                    }
                }
            }
            Instant now = clock.instant();
            List<Ticket> tickets = router.route(order, now, () -> seq(c), menu.at(c, now));
            List<OrderEvent.Warning> warnings = warnings(tickets);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO orders (order_id, body, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, order.orderId());
                Utf8Column.set(ps, 2, Json.write(order.body()));
                ps.setString(3, OrderStatus.ACCEPTED.name());
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.executeUpdate();
            }
            CloudRows.add(c, batch, CloudEventType.ORDER, order.body(), now);
            OrderEvent accepted = new OrderEvent(
                    order.orderId(),
                    "ACCEPTED",
                    now,
                    null,
                    null,
                    tickets.stream().map(Ticket::ticketId).toList(),
                    null,
                    warnings.isEmpty() ? null : warnings);
            Outbox.write(
                    c, batch, topics.orderEvents(order.orderId()), accepted, false, now, CloudEventType.ORDER_EVENT);
            H2TicketRows.save(c, batch, tickets, true, t -> topics.tickets(t.station()), now);
            planner.accepted(c, batch, tickets, now);
            return new Acceptance(order.orderId(), false, tickets, warnings);
        });
    }

    /** One ITEM_UNAVAILABLE warning per flagged order line, in order (an expo ticket holds every line once). */
    private static List<OrderEvent.Warning> warnings(List<Ticket> tickets) {
        Set<String> lines = new LinkedHashSet<>();
        for (Ticket t : tickets) {
            if (!t.expo()) {
                t.items().stream().filter(TicketLine::unavailable).forEach(l -> lines.add(l.lineId()));
            }
        }
        return lines.stream().map(OrderEvent.Warning::unavailable).toList();
    }

    private static long seq(Connection c) {
        try {
            return Outbox.nextSeq(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Future<ActionResult> act(ActionRequest request, String actor, String atStation) {
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT ticket_id, result FROM ticket_actions WHERE action_id = ?")) {
                ps.setString(1, request.actionId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (!rs.getString(1).equals(request.ticketId())) {
                            throw Problem.of(
                                            ErrorCode.ACTION_CONFLICT,
                                            "action " + request.actionId() + " was already applied to another ticket")
                                    .asFailure();
                        }
                        return new ActionResult(request.actionId(), Json.read(rs.getString(2), Ticket.class), true);
                    }
                }
            }
            List<Ticket> tickets = H2TicketRows.ofOrder(c, request.orderId());
            Instant now = clock.instant();
            KitchenRules.Outcome outcome =
                    rules.act(tickets, request.ticketId(), request.lineId(), request.action(), now);
            String by = StationStaff.at(c, atStation);
            history.record(c, tickets, outcome.changed(), now, request.ticketId(), by);
            Ticket after = persist(c, batch, request.orderId(), outcome, now, null).stream()
                    .filter(t -> t.ticketId().equals(request.ticketId()))
                    .findFirst()
                    .orElseThrow();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ticket_actions (action_id, ticket_id, order_id, result, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, request.actionId());
                ps.setString(2, request.ticketId());
                ps.setString(3, request.orderId());
                ps.setString(4, Json.write(after));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.executeUpdate();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("actionId", request.actionId());
            details.put("status", after.status().name());
            if (request.lineId() != null) {
                details.put("lineId", request.lineId());
            }
            if (by != null) {
                details.put("by", by);
                details.put("via", actor);
            }
            Audit.append(
                    c,
                    batch,
                    now,
                    by != null ? "staff:" + by : actor,
                    "TICKET_" + request.action().name(),
                    request.ticketId(),
                    details);
            return new ActionResult(request.actionId(), after, false);
        });
    }

    @Override
    public Future<VoidResult> voidOrder(VoidRequest request, String actor) {
        return writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
            List<Ticket> tickets = H2TicketRows.ofOrder(c, request.orderId());
            if (tickets.isEmpty()) {
                throw Problem.of(ErrorCode.UNKNOWN_ORDER, "no order " + request.orderId())
                        .asFailure();
            }
            Instant now = clock.instant();
            KitchenRules.Outcome outcome = rules.voidLines(tickets, request, now);
            history.record(c, tickets, outcome.changed(), now, null, null);
            List<String> voided = new ArrayList<>();
            for (Ticket t : outcome.changed()) {
                if (!t.expo()) {
                    Ticket old = tickets.stream()
                            .filter(x -> x.ticketId().equals(t.ticketId()))
                            .findFirst()
                            .orElseThrow();
                    for (int i = 0; i < t.items().size(); i++) {
                        if (!t.items().get(i).status().isLive()
                                && old.items().get(i).status().isLive()) {
                            voided.add(t.items().get(i).lineId());
                        }
                    }
                }
            }
            List<Ticket> all = persist(
                    c,
                    batch,
                    request.orderId(),
                    outcome,
                    now,
                    voided.isEmpty() || outcome.after() == OrderStatus.VOIDED ? null : voided);
            planner.voided(c, batch, outcome.changed(), voided, now);
            if (!outcome.changed().isEmpty()) {
                Audit.append(
                        c,
                        batch,
                        now,
                        actor,
                        "ORDER_VOID",
                        request.orderId(),
                        Map.of(
                                "reason",
                                request.reason(),
                                "lineIds",
                                voided,
                                "orderStatus",
                                outcome.after().name()));
            }
            return new VoidResult(request.orderId(), outcome.after().name(), voided, all);
        });
    }

    /** Stores changed tickets and the order status; queues their publications; returns all tickets after. */
    private List<Ticket> persist(
            Connection c,
            WriteBatch batch,
            String orderId,
            KitchenRules.Outcome outcome,
            Instant now,
            List<String> partialVoid)
            throws SQLException {
        H2TicketRows.save(c, batch, outcome.changed(), false, t -> topics.tickets(t.station()), now);
        if (outcome.orderStatusChanged()) {
            OrderStatus s = outcome.after();
            H2TicketRows.updateOrderStatus(
                    c, orderId, s.name(), now, s == OrderStatus.SERVED || s == OrderStatus.VOIDED);
            if (s != OrderStatus.ACCEPTED) {
                Outbox.write(
                        c,
                        batch,
                        topics.orderEvents(orderId),
                        OrderEvent.of(orderId, s.name(), now),
                        false,
                        now,
                        CloudEventType.ORDER_EVENT);
            }
        }
        if (partialVoid != null) {
            Outbox.write(
                    c,
                    batch,
                    topics.orderEvents(orderId),
                    new OrderEvent(orderId, "VOIDED", now, null, "lines voided", null, partialVoid),
                    false,
                    now,
                    CloudEventType.ORDER_EVENT);
        }
        return H2TicketRows.ofOrder(c, orderId);
    }

    @Override
    public Future<Optional<StoredOrder>> order(String orderId) {
        return read(() -> {
            try (Connection c = db.connection();
                    PreparedStatement ps = c.prepareStatement("SELECT body, status FROM orders WHERE order_id = ?")) {
                ps.setString(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredOrder>empty();
                    }
                    return Optional.of(
                            new StoredOrder(Utf8Column.get(rs, 1), rs.getString(2), H2TicketRows.ofOrder(c, orderId)));
                }
            }
        });
    }

    @Override
    public Future<List<Ticket>> tickets(String station, TicketFilter filter, long afterSeq, int limit) {
        String status = switch (filter) {
            case OPEN -> " AND status IN ('NEW', 'IN_PROGRESS', 'READY')";
            case DONE -> " AND status IN ('SERVED', 'VOIDED')";
            case ALL -> "";
        };
        return read(() -> {
            try (Connection c = db.connection();
                    PreparedStatement ps = c.prepareStatement("SELECT body FROM tickets WHERE station = ? AND seq > ?"
                            + status + " ORDER BY seq LIMIT ?")) {
                ps.setString(1, station);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return H2TicketRows.read(ps);
            }
        });
    }

    @Override
    public Future<ScreenRead> screenSnapshot(String station, Instant doneSince) {
        return screens.snapshot(station, doneSince);
    }

    @Override
    public Future<ScreenRead> changedSince(String station, long sinceSeq, int limit) {
        return screens.changedSince(station, sinceSeq, limit);
    }

    @Override
    public Future<String> instanceId() {
        return read(db::instanceId);
    }

    @Override
    public Future<Integer> purgeFinished(Instant before) {
        return writer.submit(vertx.getOrCreateContext(), false, (c, batch) -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE done_at < ? LIMIT 5000")) {
                ps.setTimestamp(1, Timestamp.from(before));
                return ps.executeUpdate();
            }
        });
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private <T> Future<T> read(Callable<T> query) {
        return vertx.executeBlocking(query, false);
    }
}
