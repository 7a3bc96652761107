package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.support.Payloads;
import java.util.Optional;

/**
 * A ticket's id, {@code <orderId>/<station>}: one order's work at one station. Made and read only
 * here; the string form is what the contract carries.
 */
public record TicketId(String orderId, String station) {
    public TicketId {
        if (orderId == null || orderId.isEmpty() || station == null || station.isEmpty() || station.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a ticket id is <orderId>/<station>: " + orderId + "/" + station);
        }
    }

    /** The id a ticket string names, if it has the form (an order id the contract allows, a slash, a station). */
    public static Optional<TicketId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.lastIndexOf('/');
        if (slash < 1
                || slash == text.length() - 1
                || !Payloads.ID.matcher(text.substring(0, slash)).matches()) {
            return Optional.empty();
        }
        return Optional.of(new TicketId(text.substring(0, slash), text.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return orderId + "/" + station;
    }
}
