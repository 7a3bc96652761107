package id.dapur.edge.agent.kitchen;

import java.util.List;

/** A line of a ticket: what to cook, and how far it is. {@code course} is an extension of §7. */
public record TicketLine(String lineId, String name, int qty, List<String> modifiers, String note,
                         List<String> allergens, TicketStatus status, int course) {
    public TicketLine {
        modifiers = List.copyOf(modifiers);
        allergens = List.copyOf(allergens);
    }

    TicketLine withStatus(TicketStatus s) {
        return s == status ? this : new TicketLine(lineId, name, qty, modifiers, note, allergens, s, course);
    }
}
