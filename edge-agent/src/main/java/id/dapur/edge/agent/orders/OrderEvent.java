package id.dapur.edge.agent.orders;

import java.time.Instant;
import java.util.List;

/**
 * CONTRACT §6, published on {@code orders/<orderId>/events}. {@code lineIds} (extension) names the
 * voided lines of a partial void.
 */
public record OrderEvent(String orderId, String event, Instant at, String code, String message,
                         List<String> ticketIds, List<String> lineIds) {
    public static OrderEvent of(String orderId, String event, Instant at) {
        return new OrderEvent(orderId, event, at, null, null, null, null);
    }

    public static OrderEvent rejected(String orderId, String code, String message, Instant at) {
        return new OrderEvent(orderId, "REJECTED", at, code, message, null, null);
    }
}
