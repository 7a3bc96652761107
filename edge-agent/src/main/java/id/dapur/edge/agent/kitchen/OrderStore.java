package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.orders.OrderEvent;
import id.dapur.edge.agent.orders.VoidRequest;
import id.dapur.edge.agent.storage.ScreenRead;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable orders and tickets. Every state change is committed, with the publications it causes,
 * and forced to disk before its future completes; a failed change changes nothing. Futures complete
 * on the caller's Vert.x context.
 */
public interface OrderStore {

    /** ACCEPTED (new) or DUPLICATE (same id, same content); fails with ORDER_CONFLICT for other content. */
    Future<Acceptance> accept(Order order);

    /**
     * Applies a KDS action; a repeat of an applied actionId returns the first result and changes nothing.
     * {@code actor} (who did it) goes to the audit trail with the change; {@code atStation} is the
     * station whose screen made it (null: not a station's screen), whose signed-in cook it records.
     */
    Future<ActionResult> act(ActionRequest request, String actor, String atStation);

    default Future<ActionResult> act(ActionRequest request, String actor) {
        return act(request, actor, null);
    }

    default Future<ActionResult> act(ActionRequest request) {
        return act(request, "unknown", null);
    }

    Future<VoidResult> voidOrder(VoidRequest request, String actor);

    default Future<VoidResult> voidOrder(VoidRequest request) {
        return voidOrder(request, "unknown");
    }

    Future<Optional<StoredOrder>> order(String orderId);

    /** Tickets of a station, oldest first, after {@code afterSeq}, at most {@code limit}. */
    Future<List<Ticket>> tickets(String station, TicketFilter filter, long afterSeq, int limit);

    /**
     * What a kitchen screen shows when it (re)connects: the open tickets of a station (all stations
     * when null) and those finished at or after {@code doneSince} (for recall), oldest first.
     */
    Future<ScreenRead> screenSnapshot(String station, Instant doneSince);

    /** Tickets of a station (all when null) changed after {@code sinceSeq}, in change order, at most {@code limit}. */
    Future<ScreenRead> changedSince(String station, long sinceSeq, int limit);

    /** A random id made when this database was created: sequence numbers mean nothing across instances. */
    Future<String> instanceId();

    /** Deletes orders finished before {@code before}, with their tickets and actions; returns how many. */
    Future<Integer> purgeFinished(Instant before);

    enum TicketFilter {
        OPEN,
        DONE,
        ALL
    }

    /** {@code warnings}: lines whose item was unavailable (86'd) when the order was accepted. */
    record Acceptance(String orderId, boolean duplicate, List<Ticket> tickets, List<OrderEvent.Warning> warnings) {}

    record ActionResult(String actionId, Ticket ticket, boolean repeated) {}

    record VoidResult(String orderId, String orderStatus, List<String> voidedLineIds, List<Ticket> tickets) {}

    record StoredOrder(String body, String status, List<Ticket> tickets) {}
}
