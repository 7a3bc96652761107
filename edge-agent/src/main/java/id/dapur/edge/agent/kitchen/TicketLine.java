package id.dapur.edge.agent.kitchen;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A line of a ticket: what to cook, and how far it is. {@code unavailable} is the contract (the item
 * was 86'd when the order came); {@code course}, {@code sku} and {@code fireAt} (pacing: when to start
 * it so the order finishes together; null: now) are extensions of the ticket of the first contract.
 */
public record TicketLine(
        String lineId,
        String name,
        int qty,
        List<String> modifiers,
        String note,
        List<String> allergens,
        TicketStatus status,
        int course,
        String sku,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unavailable,
        Instant fireAt) {
    public TicketLine {
        modifiers = List.copyOf(modifiers);
        allergens = List.copyOf(allergens);
    }

    TicketLine withStatus(TicketStatus s) {
        return s == status
                ? this
                : new TicketLine(lineId, name, qty, modifiers, note, allergens, s, course, sku, unavailable, fireAt);
    }

    /** Fired at {@code at} (a cook fired it early, or it was never held): no {@code fireAt} left in the future. */
    TicketLine firedAt(Instant at) {
        return new TicketLine(lineId, name, qty, modifiers, note, allergens, status, course, sku, unavailable, null);
    }

    TicketLine firingAt(Instant at) {
        return new TicketLine(lineId, name, qty, modifiers, note, allergens, status, course, sku, unavailable, at);
    }

    /** Whether the line waits for its paced start at {@code now}. */
    public boolean paced(Instant now) {
        return fireAt != null && now.isBefore(fireAt) && status == TicketStatus.NEW;
    }
}
