package id.dapur.edge.agent.kitchen;

/** What a kitchen screen may do to a ticket or one of its lines (CONTRACT §7). */
public enum TicketAction {
    START, BUMP, RECALL, VOID_ACK
}
