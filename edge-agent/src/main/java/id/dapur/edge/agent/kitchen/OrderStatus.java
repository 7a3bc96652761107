package id.dapur.edge.agent.kitchen;

import java.util.List;

/** Where a whole order stands, derived from its cooking stations' tickets. */
public enum OrderStatus {
    ACCEPTED,
    IN_PROGRESS,
    READY,
    SERVED,
    VOIDED;

    /** Any line started makes the order IN_PROGRESS; otherwise it is as far as its slowest live ticket. */
    public static OrderStatus of(List<Ticket> tickets) {
        TicketStatus min = null;
        boolean started = false;
        for (Ticket t : tickets) {
            if (t.expo()) {
                continue;
            }
            for (TicketLine l : t.items()) {
                if (!l.status().isLive()) {
                    continue;
                }
                started |= l.status() != TicketStatus.NEW;
                if (min == null || l.status().before(min)) {
                    min = l.status();
                }
            }
        }
        if (min == null) {
            return VOIDED;
        }
        return switch (min) {
            case NEW -> started ? IN_PROGRESS : ACCEPTED;
            case IN_PROGRESS -> IN_PROGRESS;
            case READY -> READY;
            default -> SERVED;
        };
    }
}
