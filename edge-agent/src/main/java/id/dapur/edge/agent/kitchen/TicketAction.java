package id.dapur.edge.agent.kitchen;

/**
 * What a kitchen screen may do to a ticket or one of its lines. {@code FIRE} is an
 * extension: it releases the order's next held course.
 */
public enum TicketAction {
    START,
    BUMP,
    RECALL,
    VOID_ACK,
    FIRE
}
