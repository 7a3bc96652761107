package id.dapur.edge.agent.orders;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A validated order. {@code body} is the order exactly as sent (unknown fields kept), the basis of
 * idempotency: the same id with an equal body is a repeat, with another body a conflict. {@code customer}
 * is a name as text, or an object whose {@code displayName} (the only part a ready board may show,
 * the contract) is {@code displayName}.
 */
public record Order(
        String orderId,
        String source,
        Channel channel,
        String table,
        String customer,
        String displayName,
        String note,
        Instant placedAt,
        List<OrderLine> items,
        JsonNode body) {
    public Order {
        items = List.copyOf(items);
    }
}
