package id.dapur.edge.agent.orders;

import java.util.List;

/** One line of an order as the POS sent it. */
public record OrderLine(
        String lineId,
        String sku,
        String name,
        int qty,
        String category,
        List<String> modifiers,
        String note,
        List<String> allergens,
        int course) {
    public OrderLine {
        modifiers = List.copyOf(modifiers);
        allergens = List.copyOf(allergens);
    }
}
