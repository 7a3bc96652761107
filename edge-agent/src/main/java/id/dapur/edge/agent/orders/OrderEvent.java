package id.dapur.edge.agent.orders;

import java.time.Instant;
import java.util.List;

/**
 * the contract, published on {@code orders/<orderId>/events}. {@code lineIds} (extension) names the
 * voided lines of a partial void; {@code warnings} the lines of an ACCEPTED order whose
 * item was unavailable.
 */
public record OrderEvent(
        String orderId,
        String event,
        Instant at,
        String code,
        String message,
        List<String> ticketIds,
        List<String> lineIds,
        List<Warning> warnings) {
    /** Something the POS should know about an accepted order: {@code ITEM_UNAVAILABLE} for a line. */
    public record Warning(String code, String lineId) {
        public static Warning unavailable(String lineId) {
            return new Warning("ITEM_UNAVAILABLE", lineId);
        }
    }

    public OrderEvent(
            String orderId,
            String event,
            Instant at,
            String code,
            String message,
            List<String> ticketIds,
            List<String> lineIds) {
        this(orderId, event, at, code, message, ticketIds, lineIds, null);
    }

    public static OrderEvent of(String orderId, String event, Instant at) {
        return new OrderEvent(orderId, event, at, null, null, null, null, null);
    }

    public static OrderEvent rejected(String orderId, String code, String message, Instant at) {
        return new OrderEvent(orderId, "REJECTED", at, code, message, null, null, null);
    }
}
